package io.proxywrap.core.config;

import io.proxywrap.core.net.InetLiterals;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;

/**
 * The peers allowed to send a PROXY header, i.e. to tell us who the client is: the balancers.
 *
 * <p>Every address is compared in one 128-bit space, IPv4 as its IPv4-mapped IPv6 form
 * {@code ::ffff:a.b.c.d} (RFC 4291 §2.5.5.2). A dual-stack server sees an IPv4 balancer either
 * as an {@code Inet4Address} or as a mapped IPv6 address depending on how it opened its socket,
 * and {@code 10.0.0.0/8} must match it both ways; so must {@code ::ffff:10.0.0.0/104}. A network
 * written as IPv4 therefore never matches a native IPv6 peer, while {@code ::/0} matches all.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class TrustedPeers {

    private static final TrustedPeers ANY_PEER = new TrustedPeers(Collections.<Network>emptyList());

    private static final int IPV4_BITS = 32;
    private static final int IPV6_BITS = 128;
    /** An IPv4 address sits in the low 32 bits of {@code ::ffff:0:0/96}. */
    private static final int IPV4_MAPPED_PREFIX = IPV6_BITS - IPV4_BITS;
    private static final long IPV4_MAPPED_MARKER = 0xFFFFL << IPV4_BITS;

    /** Empty for {@link #ANY_PEER}. */
    private final List<Network> networks;

    private TrustedPeers(List<Network> networks) {
        this.networks = networks;
    }

    /** No restriction: the {@code trusted} setting is not set. */
    static TrustedPeers anyPeer() {
        return ANY_PEER;
    }

    /** Parses a comma-separated list of CIDRs and single addresses, never resolving a name. */
    static TrustedPeers parse(String text) throws InvalidValueException {
        List<Network> networks = new ArrayList<Network>();
        for (String item : ValueParsers.items(text)) {
            Network network = Network.parse(item);
            for (Network earlier : networks) {
                if (earlier.equals(network)) {
                    throw new InvalidValueException("the list names the network " + earlier + " twice");
                }
            }
            networks.add(network);
        }
        return new TrustedPeers(Collections.unmodifiableList(networks));
    }

    /** True when no {@code trusted} list is configured: every peer may send a header. */
    public boolean allowsAnyPeer() {
        return networks.isEmpty();
    }

    /** Whether {@code peer}, the address at the other end of the socket, may send a header. */
    public boolean isTrusted(InetAddress peer) {
        if (allowsAnyPeer()) {
            return true;
        }
        byte[] address = peer.getAddress();
        long high = high64(address);
        long low = low64(address);
        for (Network network : networks) {
            if (network.contains(high, low)) {
                return true;
            }
        }
        return false;
    }

    /** Equal when the same networks are trusted, in whatever order or notation they were written. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TrustedPeers
                && new HashSet<Network>(networks).equals(new HashSet<Network>(((TrustedPeers) other).networks));
    }

    @Override
    public int hashCode() {
        return new HashSet<Network>(networks).hashCode();
    }

    /** {@code ANY}, or the networks in canonical notation, comma-separated. */
    @Override
    public String toString() {
        return allowsAnyPeer() ? "ANY" : ValueParsers.commaSeparated(networks);
    }

    /** The high 64 bits of an address in the common 128-bit space. */
    private static long high64(byte[] address) {
        return address.length == 4 ? 0 : readLong(address, 0);
    }

    /** The low 64 bits of an address in the common 128-bit space. */
    private static long low64(byte[] address) {
        if (address.length == 4) {
            return IPV4_MAPPED_MARKER | (readLong(address, 0) >>> IPV4_BITS);
        }
        return readLong(address, 8);
    }

    /** Big-endian; bytes past the end of a 4-byte address count as zero. */
    private static long readLong(byte[] bytes, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = (value << 8) | (i < bytes.length ? bytes[i] & 0xFF : 0);
        }
        return value;
    }

    /** The top {@code bits} (0-64) bits of a long set. */
    private static long topBits(int bits) {
        return bits == 0 ? 0 : -1L << (Long.SIZE - bits);
    }

    /** One CIDR in the 128-bit space, remembering how it was written for display. */
    private static final class Network {
        private final long high;
        private final long low;
        private final long highMask;
        private final long lowMask;
        /** Prefix length in the 128-bit space. */
        private final int prefix;
        private final boolean writtenAsIpv4;

        private Network(long high, long low, int prefix, boolean writtenAsIpv4) {
            this.highMask = topBits(Math.min(prefix, Long.SIZE));
            this.lowMask = topBits(Math.max(prefix - Long.SIZE, 0));
            this.high = high & highMask;
            this.low = low & lowMask;
            this.prefix = prefix;
            this.writtenAsIpv4 = writtenAsIpv4;
        }

        /** {@code address} or {@code address/prefix}, address an IPv4 or IPv6 literal. */
        static Network parse(String item) throws InvalidValueException {
            int slash = item.indexOf('/');
            String literal = slash < 0 ? item : item.substring(0, slash);
            byte[] address = InetLiterals.parse(literal);
            if (address == null) {
                throw new InvalidValueException(ConfigException.quote(literal)
                        + " is not an IPv4 or IPv6 address (names are never resolved)");
            }
            boolean ipv4 = address.length == 4;
            int familyBits = ipv4 ? IPV4_BITS : IPV6_BITS;
            int writtenPrefix = familyBits;
            if (slash >= 0) {
                writtenPrefix = ValueParsers.decimal(item.substring(slash + 1));
                if (writtenPrefix < 0 || writtenPrefix > familyBits) {
                    throw new InvalidValueException(ConfigException.quote(item)
                            + " has a prefix length that is not 0-" + familyBits);
                }
            }
            Network network = new Network(high64(address), low64(address),
                    ipv4 ? IPV4_MAPPED_PREFIX + writtenPrefix : writtenPrefix, ipv4);
            if (network.high != high64(address) || network.low != low64(address)) {
                // 10.0.0.1/8 would match all of 10/8; the user may have meant either that or
                // the host alone, so refuse rather than pick.
                throw new InvalidValueException(item + " has host bits set beyond the /" + writtenPrefix
                        + " prefix; did you mean " + network.withPrefixShown() + "?");
            }
            return network;
        }

        boolean contains(long addressHigh, long addressLow) {
            return (addressHigh & highMask) == high && (addressLow & lowMask) == low;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Network)) {
                return false;
            }
            Network that = (Network) other;
            return high == that.high && low == that.low && prefix == that.prefix;
        }

        @Override
        public int hashCode() {
            return (Long.hashCode(high) * 31 + Long.hashCode(low)) * 31 + prefix;
        }

        /** A single address without its full-length prefix, a network as {@code address/prefix}. */
        @Override
        public String toString() {
            return prefix == IPV6_BITS ? address() : withPrefixShown();
        }

        private String withPrefixShown() {
            return address() + "/" + (writtenAsIpv4 ? prefix - IPV4_MAPPED_PREFIX : prefix);
        }

        private String address() {
            if (writtenAsIpv4) {
                return dottedQuad(low);
            }
            boolean ipv4Mapped = high == 0 && (low >>> IPV4_BITS) == 0xFFFFL;
            return ipv4Mapped ? "::ffff:" + dottedQuad(low) : ipv6(high, low);
        }

        private static String dottedQuad(long low) {
            return ((low >>> 24) & 0xFF) + "." + ((low >>> 16) & 0xFF) + "." + ((low >>> 8) & 0xFF) + "." + (low & 0xFF);
        }

        /** RFC 5952 §4: lower-case hex, no leading zeros, the longest run of two or more zero groups as "::". */
        private static String ipv6(long high, long low) {
            int[] groups = new int[8];
            for (int i = 0; i < 4; i++) {
                groups[i] = (int) (high >>> (48 - 16 * i)) & 0xFFFF;
                groups[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xFFFF;
            }
            int gapStart = -1;
            int gapLength = 1;
            for (int i = 0; i < groups.length; ) {
                int run = 0;
                while (i + run < groups.length && groups[i + run] == 0) {
                    run++;
                }
                if (run > gapLength) {
                    gapStart = i;
                    gapLength = run;
                }
                i += Math.max(run, 1);
            }
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < groups.length; i++) {
                if (i == gapStart) {
                    text.append("::");
                    i += gapLength - 1;
                } else {
                    if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                        text.append(':');
                    }
                    text.append(Integer.toHexString(groups[i]));
                }
            }
            return text.toString();
        }
    }
}

package io.proxywrap.core.codec;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;

/**
 * A decoded PROXY protocol header, v1 or v2. Immutable.
 *
 * <p>Addresses are kept as the validated bytes the header carried; the JDK's
 * {@link InetSocketAddress} for each is made on first use. Decoding is then only parsing and
 * checking, and a consumer that never asks (a rejected or LOCAL connection, a port-only check)
 * never pays for the JDK's address objects.
 */
public final class ProxyHeader {

    /** The v2 command (§2.2, low nibble of byte 13). A v1 header is always {@code PROXY}. */
    public enum Command {
        /** The sender's own connection, e.g. a health check: use the real socket addresses. */
        LOCAL,
        /** A relayed connection: the addresses below are the client's. */
        PROXY
    }

    /** The address family (§2.2, high nibble of byte 14; v1 {@code TCP4}/{@code TCP6}/{@code UNKNOWN}). */
    public enum AddressFamily {
        UNSPEC, INET, INET6, UNIX
    }

    /** The transport (§2.2, low nibble of byte 14; v1 is always STREAM, or UNSPEC for UNKNOWN). */
    public enum TransportProtocol {
        UNSPEC, STREAM, DGRAM
    }

    private final int version;
    private final Command command;
    private final AddressFamily family;
    private final TransportProtocol transport;
    /** 4 or 16 bytes, never handed out; null unless the header names inet addresses. */
    private final byte[] sourceAddress;
    private final byte[] destinationAddress;
    private final int sourcePort;
    private final int destinationPort;
    /**
     * Made from the bytes on first use. A race between threads makes two equal objects and
     * keeps one: an {@code InetSocketAddress} is safe to share through a data race, since all of
     * its state hangs off final fields.
     */
    private InetSocketAddress source;
    private InetSocketAddress destination;
    private final String sourcePath;
    private final String destinationPath;
    private final List<Tlv> tlvs;
    private final int length;

    ProxyHeader(int version, Command command, AddressFamily family, TransportProtocol transport,
            byte[] sourceAddress, int sourcePort, byte[] destinationAddress, int destinationPort,
            String sourcePath, String destinationPath, List<Tlv> tlvs, int length) {
        this.version = version;
        this.command = command;
        this.family = family;
        this.transport = transport;
        this.sourceAddress = sourceAddress;
        this.sourcePort = sourcePort;
        this.destinationAddress = destinationAddress;
        this.destinationPort = destinationPort;
        this.sourcePath = sourcePath;
        this.destinationPath = destinationPath;
        this.tlvs = tlvs.isEmpty() ? Collections.<Tlv>emptyList() : Collections.unmodifiableList(tlvs);
        this.length = length;
    }

    /** 1 or 2. */
    public int version() {
        return version;
    }

    public Command command() {
        return command;
    }

    public AddressFamily family() {
        return family;
    }

    public TransportProtocol transport() {
        return transport;
    }

    /**
     * True when the header names the client by IP address and port, so the server should report
     * them; false for v2 LOCAL, v1 UNKNOWN and UNIX sockets, where the real socket addresses stand.
     */
    public boolean hasInetAddresses() {
        return sourceAddress != null;
    }

    /** The client's address and port, or null unless {@link #hasInetAddresses()}. Never resolved. */
    public InetSocketAddress source() {
        InetSocketAddress address = source;
        if (address == null && sourceAddress != null) {
            address = socketAddress(sourceAddress, sourcePort);
            source = address;
        }
        return address;
    }

    /** The address and port the client connected to, or null unless {@link #hasInetAddresses()}. */
    public InetSocketAddress destination() {
        InetSocketAddress address = destination;
        if (address == null && destinationAddress != null) {
            address = socketAddress(destinationAddress, destinationPort);
            destination = address;
        }
        return address;
    }

    /** Never resolves: {@code getByAddress} only wraps the bytes (4 or 16, so it cannot fail). */
    private static InetSocketAddress socketAddress(byte[] address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** For AF_UNIX: the source socket path (up to its first NUL), else null. */
    public String sourcePath() {
        return sourcePath;
    }

    /** For AF_UNIX: the destination socket path (up to its first NUL), else null. */
    public String destinationPath() {
        return destinationPath;
    }

    /** The v2 TLVs in the order received (NOOP padding dropped); empty for v1. */
    public List<Tlv> tlvs() {
        return tlvs;
    }

    /** The first TLV of the given type, or null. */
    public Tlv tlv(int type) {
        for (Tlv tlv : tlvs) {
            if (tlv.type() == type) {
                return tlv;
            }
        }
        return null;
    }

    /** The SSL TLV, or null. */
    public Tlv.Ssl ssl() {
        Tlv tlv = tlv(Tlv.SSL);
        return tlv instanceof Tlv.Ssl ? (Tlv.Ssl) tlv : null;
    }

    /** How many bytes the header took on the wire. */
    public int length() {
        return length;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("PROXY v").append(version).append(' ').append(command)
                .append(' ').append(family).append(' ').append(transport);
        if (sourceAddress != null) {
            s.append(" src ").append(source()).append(" dst ").append(destination());
        } else if (sourcePath != null) {
            s.append(" src ").append(sourcePath).append(" dst ").append(destinationPath);
        }
        if (!tlvs.isEmpty()) {
            s.append(' ').append(tlvs);
        }
        return s.toString();
    }
}

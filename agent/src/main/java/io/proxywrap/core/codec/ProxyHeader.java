package io.proxywrap.core.codec;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.List;

/** A decoded PROXY protocol header, v1 or v2. Immutable. */
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
    private final InetSocketAddress source;
    private final InetSocketAddress destination;
    private final String sourcePath;
    private final String destinationPath;
    private final List<Tlv> tlvs;
    private final int length;

    ProxyHeader(int version, Command command, AddressFamily family, TransportProtocol transport,
            InetSocketAddress source, InetSocketAddress destination,
            String sourcePath, String destinationPath, List<Tlv> tlvs, int length) {
        this.version = version;
        this.command = command;
        this.family = family;
        this.transport = transport;
        this.source = source;
        this.destination = destination;
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
        return source != null;
    }

    /** The client's address and port, or null unless {@link #hasInetAddresses()}. Never resolved. */
    public InetSocketAddress source() {
        return source;
    }

    /** The address and port the client connected to, or null unless {@link #hasInetAddresses()}. */
    public InetSocketAddress destination() {
        return destination;
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
        if (source != null) {
            s.append(" src ").append(source).append(" dst ").append(destination);
        } else if (sourcePath != null) {
            s.append(" src ").append(sourcePath).append(" dst ").append(destinationPath);
        }
        if (!tlvs.isEmpty()) {
            s.append(' ').append(tlvs);
        }
        return s.toString();
    }
}

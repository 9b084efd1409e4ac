package io.proxywrap.core.config;

import io.proxywrap.core.codec.ProxyHeaderDecoder;

/**
 * Everything a server adapter needs to know about one configured port, with the per-port
 * overrides already applied. Immutable; one instance per port, shared by its connections.
 */
public final class PortPolicy {

    private final int port;
    private final Mode mode;
    private final TrustedPeers trustedPeers;
    private final long timeoutMillis;
    private final Versions versions;
    private final Scheme scheme;
    private final int v2MaxLength;
    private final ProxyHeaderDecoder decoder;

    PortPolicy(int port, Mode mode, TrustedPeers trustedPeers, long timeoutMillis, Versions versions,
            Scheme scheme, int v2MaxLength) {
        this.port = port;
        this.mode = mode;
        this.trustedPeers = trustedPeers;
        this.timeoutMillis = timeoutMillis;
        this.versions = versions;
        this.scheme = scheme;
        this.v2MaxLength = v2MaxLength;
        this.decoder = new ProxyHeaderDecoder(versions.acceptsV1, versions.acceptsV2, v2MaxLength);
    }

    /** The local port this policy applies to. */
    public int port() {
        return port;
    }

    public Mode mode() {
        return mode;
    }

    public TrustedPeers trustedPeers() {
        return trustedPeers;
    }

    /** The longest time from accept to a complete header. */
    public long timeoutMillis() {
        return timeoutMillis;
    }

    public boolean acceptsV1() {
        return versions.acceptsV1;
    }

    public boolean acceptsV2() {
        return versions.acceptsV2;
    }

    /**
     * The scheme to report for this port's requests, or null when not configured: then the v2 SSL
     * TLV decides when present, else the connector's own scheme.
     */
    public Scheme scheme() {
        return scheme;
    }

    /** The largest v2 length field accepted. */
    public int v2MaxLength() {
        return v2MaxLength;
    }

    /** The decoder for this port's versions and length cap; immutable, shared by its connections. */
    public ProxyHeaderDecoder decoder() {
        return decoder;
    }

    Versions versions() {
        return versions;
    }
}

package io.proxywrap.it.server;

import io.proxywrap.it.support.SelfSignedCertificate;

/** What a test client speaks after the header: plain HTTP to the plain connector, or TLS to the TLS connector. */
public enum Transport {
    PLAIN, TLS;

    public int port(ServerUnderTest server) {
        return this == PLAIN ? server.http : server.tls;
    }

    /** What {@link RawClient#open(int, HeaderDelivery, SelfSignedCertificate)} takes: null for plain. */
    public SelfSignedCertificate certificate(ServerUnderTest server) {
        return this == PLAIN ? null : server.certificate();
    }

    /** https when the connector is TLS or the header's SSL TLV says the client used TLS. */
    public String scheme(CraftedHeader header) {
        return this == TLS || header.saysClientUsedTls() ? "https" : "http";
    }
}

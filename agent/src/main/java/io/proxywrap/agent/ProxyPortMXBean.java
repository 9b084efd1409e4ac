package io.proxywrap.agent;

/**
 * One configured port's PROXY header counters, registered as
 * {@code io.proxywrap:type=Port,port=<N>} once a server listens there (jconsole: MBeans tab,
 * {@code io.proxywrap}). Every count is of connections, since the agent started.
 */
public interface ProxyPortMXBean {

    int getPort();

    long getAccepted();

    /** Connections still awaiting their header now. */
    long getPending();

    long getV1Headers();

    long getV2Headers();

    /** v2 LOCAL (balancer health checks) and v1 UNKNOWN: served with the socket's addresses. */
    long getLocalOrUnknown();

    /** Optional mode only: connections without a header, served with the socket's addresses. */
    long getWithoutHeader();

    /** The peer closed, or the server did, before a complete header. */
    long getEndedBeforeHeader();

    long getRejectedMalformed();

    long getRejectedMissing();

    long getRejectedTooLong();

    long getRejectedCrcMismatch();

    long getRejectedVersionNotAllowed();

    long getRejectedUntrusted();

    long getRejectedTimeout();
}

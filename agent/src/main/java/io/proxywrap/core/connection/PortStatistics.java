package io.proxywrap.core.connection;

import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.core.codec.ProxyProtocolException.Reason;
import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to the connections of one configured port: each connection is counted once
 * when accepted and once more when its header is decided (or it ends first), so
 * {@link #pending()} is the connections still awaiting their header. One instance per port,
 * shared by its connections and updated from any thread; nothing here grows with traffic.
 */
public final class PortStatistics {

    /** How a connection's header was decided. */
    public enum Outcome {
        /** A v1 header naming the client. */
        V1,
        /** A v2 header naming the client (INET, INET6 or UNIX). */
        V2,
        /** v2 LOCAL or v1 UNKNOWN: the balancer's own connection; the socket's addresses stand. */
        LOCAL_OR_UNKNOWN,
        /** Optional mode, no header: served with the socket's addresses. */
        NO_HEADER,
        /** End of stream, or closed by the server, before a complete header. */
        ENDED_BEFORE_HEADER
    }

    private final int port;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder decided = new LongAdder();
    private final LongAdder[] outcomes = adders(Outcome.values().length);
    private final LongAdder[] rejections = adders(Reason.values().length);

    public PortStatistics(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** Counts one accepted connection, and returns what counts its outcome, once. */
    public Tracker accept() {
        accepted.increment();
        return new Tracker();
    }

    /** One connection's outcome; calls after the first decisive one change nothing. */
    public final class Tracker {

        /** Guarded by this: the read path and the server's close may race at the end. */
        private boolean counted;

        private Tracker() {
        }

        /** After a read: counts what the reader decided, if it has. */
        public void observe(ProxyHeaderReader reader) {
            switch (reader.state()) {
                case AWAITING_HEADER:
                    return;
                case PASSING_THROUGH:
                    count(outcomeOf(reader.header()), null);
                    return;
                case REJECTED:
                    count(null, reader.rejection().reason());
                    return;
                default:
                    count(Outcome.ENDED_BEFORE_HEADER, null);
            }
        }

        /** The header's deadline passed and the server closed the connection; false if already counted. */
        public boolean timedOut() {
            return count(null, Reason.TIMEOUT);
        }

        /** The server closed the connection: if nothing was decided, it ended before a header. */
        public void closed() {
            count(Outcome.ENDED_BEFORE_HEADER, null);
        }

        private synchronized boolean count(Outcome outcome, Reason rejection) {
            if (counted) {
                return false;
            }
            counted = true;
            if (rejection != null) {
                rejections[rejection.ordinal()].increment();
            } else {
                outcomes[outcome.ordinal()].increment();
            }
            decided.increment();
            return true;
        }
    }

    /** The outcome of a header the reader accepted. */
    static Outcome outcomeOf(ProxyHeader header) {
        if (header == null) {
            return Outcome.NO_HEADER;
        }
        if (header.command() == ProxyHeader.Command.LOCAL || header.family() == ProxyHeader.AddressFamily.UNSPEC) {
            return Outcome.LOCAL_OR_UNKNOWN;
        }
        return header.version() == 1 ? Outcome.V1 : Outcome.V2;
    }

    public long accepted() {
        return accepted.sum();
    }

    public long count(Outcome outcome) {
        return outcomes[outcome.ordinal()].sum();
    }

    public long rejected(Reason reason) {
        return rejections[reason.ordinal()].sum();
    }

    /** Connections accepted whose header is not decided yet (read racing with close may blur it by one). */
    public long pending() {
        return accepted.sum() - decided.sum();
    }

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}

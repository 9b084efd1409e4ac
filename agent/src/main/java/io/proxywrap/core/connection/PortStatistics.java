package io.proxywrap.core.connection;

import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.core.codec.ProxyProtocolException.Reason;
import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to the connections of one configured port: each connection is counted once
 * when accepted and once more when its header is decided (or it ends first), so
 * {@link #pending()} is the connections still awaiting their header. One instance per port,
 * shared by its connections and updated from any thread; nothing here grows with traffic, and
 * nothing is kept per connection: that a connection's outcome is counted only once is up to the
 * connection (the agent's {@code HeaderReadingConnection}).
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

    /**
     * Counts one accepted connection. Its outcome must then be counted exactly once, with
     * {@link #countDecided}, {@link #countTimeout} or {@link #countEndedBeforeHeader}: the
     * connection's own object keeps that once-only guard (the read path and the server's close
     * may race at the end), so counting costs no object per connection.
     */
    public void countAccepted() {
        accepted.increment();
    }

    /**
     * Counts what the reader decided after a read: the header, none, a rejection, or the end of
     * the stream.
     *
     * @throws IllegalStateException while the reader still awaits the header: nothing is decided
     */
    public void countDecided(ProxyHeaderReader reader) {
        switch (reader.state()) {
            case AWAITING_HEADER:
                throw new IllegalStateException("the header is not decided yet");
            case PASSING_THROUGH:
                decided(outcomeOf(reader.header()));
                return;
            case REJECTED:
                decided(reader.rejection().reason());
                return;
            default:
                decided(Outcome.ENDED_BEFORE_HEADER);
        }
    }

    /** Counts a connection closed by the server once the header's deadline had passed. */
    public void countTimeout() {
        decided(Reason.TIMEOUT);
    }

    /** Counts a connection the server closed before anything was decided. */
    public void countEndedBeforeHeader() {
        decided(Outcome.ENDED_BEFORE_HEADER);
    }

    private void decided(Outcome outcome) {
        outcomes[outcome.ordinal()].increment();
        decided.increment();
    }

    private void decided(Reason rejection) {
        rejections[rejection.ordinal()].increment();
        decided.increment();
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

    /**
     * Connections accepted whose header is not decided yet. Not a snapshot: a connection
     * accepted or decided while the counters are read may be counted on one side only.
     */
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

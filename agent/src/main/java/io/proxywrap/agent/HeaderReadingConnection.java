package io.proxywrap.agent;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.core.codec.ProxyProtocolException;
import io.proxywrap.core.codec.ProxyProtocolException.Reason;
import io.proxywrap.core.config.Mode;
import io.proxywrap.core.config.PortPolicy;
import io.proxywrap.core.connection.PortStatistics;
import io.proxywrap.core.connection.ProxyHeaderReader;
import io.proxywrap.core.connection.RequestView;
import io.proxywrap.core.log.AgentLog;
import io.proxywrap.core.log.RejectionLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A connection on a configured port: the core's {@link ProxyHeaderReader} behind the bridge's
 * {@link ProxiedConnection}, plus what requests on it report.
 *
 * <p>Fails closed: whatever goes wrong in here, including a bug of ours, surfaces as the
 * {@code IOException} that makes the server close this one connection, never as raw bytes
 * passed on unchecked and never as an unchecked exception in the server's read loop.
 */
final class HeaderReadingConnection extends ProxiedConnection {

    private final ProxyHeaderReader reader;
    private final PortStatistics statistics;
    private final PortPolicy policy;
    private final InetSocketAddress peer;
    private final boolean debug;
    /**
     * {@code proxywrap.timeout} counted from here, the accept, on the wall clock; 0 once the header
     * is decided. One deadline on one clock for every path that ends a pending connection:
     * <ul>
     * <li>a peer that dribbles is closed at its first read past it ({@link #checkDeadline});
     * <li>a peer that sends nothing is never read, so the adapter lets the server's own timeout
     * check close it at this deadline. Those checks run on the wall clock (Tomcat's poller and
     * the Jetty and Undertow adapters compare {@code System.currentTimeMillis()} with it);
     * <li>the close, or the end of stream that a server's half-close brings first (Jetty), is then
     * counted as a timeout by the same comparison.
     * </ul>
     * A second, monotonic deadline for reads alone would sit up to a millisecond after this one
     * (this one is truncated to the millisecond), and a read in that gap would count a connection
     * the server timed out as ended by its peer.
     * Volatile: the servers' checks run on other threads.
     */
    private volatile long headerDeadlineMillis;
    /** Built on first use by whichever request thread gets there; the result is immutable. */
    private String[] requestAttributes;
    private boolean rejectionLogged;
    /**
     * Whether this connection's outcome is in its port's {@link PortStatistics}: counted once,
     * by whichever of the read path and the server's close gets there first (they may run on
     * different threads, e.g. Tomcat's poller closing a connection whose read just decided).
     * Guarded by this. A flag here, not an object of its own: it fits this object's padding.
     */
    private boolean counted;

    /** @param debug {@code proxywrap.log=debug}: a line when accepted and one when decided */
    HeaderReadingConnection(PortPolicy policy, PortStatistics statistics, InetSocketAddress peer, boolean debug) {
        this.statistics = statistics;
        this.policy = policy;
        this.peer = peer;
        this.debug = debug;
        this.headerDeadlineMillis = System.currentTimeMillis() + policy.timeoutMillis();
        boolean trusted = policy.trustedPeers().isTrusted(peer.getAddress());
        this.reader = new ProxyHeaderReader(policy.decoder(), policy.mode() == Mode.REQUIRED, trusted);
        statistics.countAccepted();
        debug(trusted ? "accepted from a trusted peer" : "accepted from a peer not in proxywrap.trusted");
    }

    @Override
    public int afterRead(ByteBuffer dst, int bytesRead) throws IOException {
        if (reader.passesThrough()) {
            return bytesRead;
        }
        try {
            checkDeadline();
            int result = reader.afterRead(dst, bytesRead);
            headerDecided();
            return result;
        } catch (ProxyProtocolException | RuntimeException e) {
            throw closing(e);
        }
    }

    @Override
    public long afterRead(ByteBuffer[] dsts, int offset, int length, int[] positionsBefore, long bytesRead)
            throws IOException {
        if (positionsBefore == null) {
            return bytesRead;
        }
        try {
            checkDeadline();
            long result = reader.afterRead(dsts, offset, length, positionsBefore, bytesRead);
            headerDecided();
            return result;
        } catch (ProxyProtocolException | RuntimeException e) {
            throw closing(e);
        }
    }

    /**
     * Once the reader has decided (header, none, or end of stream), no deadline applies; counted
     * and logged the first time only (in optional mode a later read may still pass this way).
     */
    private void headerDecided() {
        if (headerDeadlineMillis != 0 && reader.state() != ProxyHeaderReader.State.AWAITING_HEADER) {
            countDecided(); // before the deadline goes: see closed()
            headerDeadlineMillis = 0;
            if (debug) { // not only inside debug(): the header's text costs as much as parsing it
                debug(reader.header() != null ? "header " + reader.header()
                        : reader.state() == ProxyHeaderReader.State.PASSING_THROUGH
                                ? "no header, served with its socket addresses" : "closed before a complete header");
            }
        }
    }

    @Override
    public long headerDeadlineMillis() {
        return headerDeadlineMillis;
    }

    @Override
    public void closed() {
        // Judged before claiming the count. A read that decides at the same moment (the peer's
        // byte after the deadline, while the server's own timeout check closes) takes the
        // deadline away only after its own claim, so a close that claims first still sees it.
        boolean timedOut = pastHeaderDeadline();
        if (!firstToCount()) {
            return; // decided before the close, or closed before
        }
        if (timedOut) {
            headerDeadlineMillis = 0;
            statistics.countTimeout();
            String why = "no complete PROXY header within proxywrap.timeout (" + policy.timeoutMillis() + " ms)";
            debug("rejected: " + why);
            RejectionLog.rejected(Reason.TIMEOUT, "closed connection from " + describe(peer) + " to port "
                    + policy.port() + ": " + why);
        } else {
            statistics.countEndedBeforeHeader();
        }
    }

    /** After a read the reader decided on: counts its outcome, unless the close counted first. */
    private void countDecided() {
        if (reader.state() != ProxyHeaderReader.State.AWAITING_HEADER && firstToCount()) {
            statistics.countDecided(reader);
        }
    }

    /** True for the first caller only: the one that counts this connection's outcome. */
    private synchronized boolean firstToCount() {
        if (counted) {
            return false;
        }
        counted = true;
        return true;
    }

    private void checkDeadline() {
        if (pastHeaderDeadline()) {
            reader.expire();
        }
    }

    /** The header is still awaited and its time is up, as the servers' checks judge it. */
    private boolean pastHeaderDeadline() {
        long deadline = headerDeadlineMillis;
        return deadline != 0 && System.currentTimeMillis() >= deadline;
    }

    @Override
    public int[] positionsBeforeRead(ByteBuffer[] dsts, int offset, int length) {
        if (reader.passesThrough()) {
            return null;
        }
        int[] positions = new int[length];
        for (int i = 0; i < length; i++) {
            positions[i] = dsts[offset + i].position();
        }
        return positions;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        ProxyHeader header = reader.header();
        return header != null && header.hasInetAddresses() ? header.source() : null;
    }

    @Override
    public InetSocketAddress localAddress() {
        ProxyHeader header = reader.header();
        return header != null && header.hasInetAddresses() ? header.destination() : null;
    }

    @Override
    public String scheme() {
        return RequestView.scheme(reader.header(), policy.scheme());
    }

    @Override
    public String[] requestAttributes() {
        String[] attributes = requestAttributes;
        if (attributes == null) {
            attributes = RequestView.attributes(reader.header(), peer);
            requestAttributes = attributes;
        }
        return attributes;
    }

    /** What a read that failed throws: the header's rejection, or our own failure as an IOException. */
    private IOException closing(Exception e) {
        return e instanceof ProxyProtocolException ? rejected((ProxyProtocolException) e) : failed((RuntimeException) e);
    }

    /** The reader repeats its rejection on every later read: say it once. */
    private IOException rejected(ProxyProtocolException e) {
        countDecided(); // before the deadline goes: see closed()
        headerDeadlineMillis = 0;
        if (reader.state() == ProxyHeaderReader.State.REJECTED && !rejectionLogged) {
            rejectionLogged = true;
            debug("rejected: " + e.getMessage());
            RejectionLog.rejected(e.reason(), "closed connection from " + describe(peer) + " to port "
                    + policy.port() + ": " + e.getMessage());
        }
        return e;
    }

    private IOException failed(RuntimeException e) {
        headerDeadlineMillis = 0;
        AgentLog.warn("closed connection from " + describe(peer) + " to port " + policy.port()
                + ": proxywrap failed while reading its PROXY header: " + e);
        return new IOException("proxywrap failed while reading the PROXY header", e);
    }

    /** Not rate limited: debug logging is asked for, to see every connection. */
    private void debug(String what) {
        if (debug) {
            AgentLog.info("debug: connection from " + describe(peer) + " to port " + policy.port() + ": " + what);
        }
    }

    static String describe(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}

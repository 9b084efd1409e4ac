package io.proxywrap.agent;

import io.proxywrap.core.codec.ProxyProtocolException.Reason;
import io.proxywrap.core.connection.PortStatistics;
import io.proxywrap.core.connection.PortStatistics.Outcome;
import io.proxywrap.core.log.AgentLog;
import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/** {@link PortStatistics} as a platform MXBean. */
final class ProxyPort implements ProxyPortMXBean {

    private final PortStatistics statistics;

    ProxyPort(PortStatistics statistics) {
        this.statistics = statistics;
    }

    static String objectName(int port) {
        return "io.proxywrap:type=Port,port=" + port;
    }

    /**
     * Registers the port's MXBean, on a thread of its own. Called when a server starts listening
     * on the port, never in {@code premain}: the platform MBean server must not be started before
     * the application had its chance to configure JMX and logging. Not on the caller's thread
     * either, which is the server's start: a JVM whose platform MBean server is not started yet
     * spends 150-180 ms starting it (JMX, java.util.logging and JFR's management beans load; JDK
     * 17 on the benchmarks' machine), and Jetty and Undertow, unlike Tomcat, do not start it
     * themselves, so their first answer waited for ours. A failure is reported and changes
     * nothing else.
     */
    static void register(PortStatistics statistics) {
        try {
            Thread registering = new Thread(() -> registerNow(statistics), "proxywrap-jmx-port-" + statistics.port());
            registering.setDaemon(true);
            registering.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            // No thread to be had (a thread limit, "unable to create native thread"): the counters
            // go on, unregistered, and the server with them.
            reportFailure(statistics, e);
        }
    }

    private static void registerNow(PortStatistics statistics) {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(new ProxyPort(statistics),
                    new ObjectName(objectName(statistics.port())));
        } catch (Exception | LinkageError e) {
            reportFailure(statistics, e);
        }
    }

    private static void reportFailure(PortStatistics statistics, Throwable e) {
        AgentLog.warn("could not register the JMX counters of port " + statistics.port() + ": " + e);
    }

    @Override
    public int getPort() {
        return statistics.port();
    }

    @Override
    public long getAccepted() {
        return statistics.accepted();
    }

    @Override
    public long getPending() {
        return statistics.pending();
    }

    @Override
    public long getV1Headers() {
        return statistics.count(Outcome.V1);
    }

    @Override
    public long getV2Headers() {
        return statistics.count(Outcome.V2);
    }

    @Override
    public long getLocalOrUnknown() {
        return statistics.count(Outcome.LOCAL_OR_UNKNOWN);
    }

    @Override
    public long getWithoutHeader() {
        return statistics.count(Outcome.NO_HEADER);
    }

    @Override
    public long getEndedBeforeHeader() {
        return statistics.count(Outcome.ENDED_BEFORE_HEADER);
    }

    @Override
    public long getRejectedMalformed() {
        return statistics.rejected(Reason.MALFORMED);
    }

    @Override
    public long getRejectedMissing() {
        return statistics.rejected(Reason.MISSING);
    }

    @Override
    public long getRejectedTooLong() {
        return statistics.rejected(Reason.TOO_LONG);
    }

    @Override
    public long getRejectedCrcMismatch() {
        return statistics.rejected(Reason.CRC_MISMATCH);
    }

    @Override
    public long getRejectedVersionNotAllowed() {
        return statistics.rejected(Reason.VERSION_NOT_ALLOWED);
    }

    @Override
    public long getRejectedUntrusted() {
        return statistics.rejected(Reason.UNTRUSTED);
    }

    @Override
    public long getRejectedTimeout() {
        return statistics.rejected(Reason.TIMEOUT);
    }
}

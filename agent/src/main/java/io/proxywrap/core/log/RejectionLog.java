package io.proxywrap.core.log;

import io.proxywrap.core.codec.ProxyProtocolException.Reason;

/**
 * The WARN lines for rejected connections, limited per reason so that a flood (a scan, a
 * misconfigured balancer, a slowloris) cannot fill the log: each reason may write a burst of
 * {@value #BURST} lines, then one a second; the first line after lines were left out says how
 * many. Thread-safe; its state is a few numbers per reason, whatever the traffic.
 */
public final class RejectionLog {

    static final int BURST = 20;
    static final long NANOS_PER_LINE = 1_000_000_000L;

    /** Where the lines go, and the clock; replaced in tests. */
    interface Sink {
        void warn(String line);

        long nanoTime();
    }

    private static final RejectionLog INSTANCE = new RejectionLog(new Sink() {
        @Override
        public void warn(String line) {
            AgentLog.warn(line);
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    });

    private final Sink sink;
    /** Per reason: lines that may be written now (a token bucket of {@link #BURST}). */
    private final double[] allowance = new double[Reason.values().length];
    private final long[] lastRefill = new long[Reason.values().length];
    private final long[] leftOut = new long[Reason.values().length];

    RejectionLog(Sink sink) {
        this.sink = sink;
        long now = sink.nanoTime();
        for (int i = 0; i < allowance.length; i++) {
            allowance[i] = BURST;
            lastRefill[i] = now;
        }
    }

    /** Writes {@code line} for a connection rejected for {@code reason}, unless over the limit. */
    public static void rejected(Reason reason, String line) {
        INSTANCE.log(reason, line);
    }

    void log(Reason reason, String line) {
        String toWrite;
        synchronized (this) {
            int r = reason.ordinal();
            long now = sink.nanoTime();
            allowance[r] = Math.min(BURST, allowance[r] + (double) (now - lastRefill[r]) / NANOS_PER_LINE);
            lastRefill[r] = now;
            if (allowance[r] < 1) {
                leftOut[r]++;
                return;
            }
            allowance[r] -= 1;
            toWrite = leftOut[r] == 0 ? line
                    : line + " (" + leftOut[r] + " earlier " + reason + " rejections not logged)";
            leftOut[r] = 0;
        }
        sink.warn(toWrite);
    }
}

package io.proxywrap.it.support;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounded polling for something another process does in its own time (a log line written after
 * the response, a warning printed after a close): the condition is checked until it holds or a
 * deadline passes, so a test never sleeps for a guessed time and never waits forever.
 */
public final class Poll {

    /** Between checks: short against the deadlines used, long enough not to spin a core. */
    private static final long INTERVAL_MILLIS = 20;

    private Poll() {
    }

    /**
     * Returns the first non-null value {@code probe} gives, checking every few milliseconds;
     * throws an {@link AssertionError} with {@code failure}'s text (evaluated only then) if none
     * came within {@code timeout}.
     */
    public static <T> T until(Duration timeout, Supplier<T> probe, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("nothing after " + timeout + ": " + failure.get());
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while polling", e);
            }
        }
    }
}

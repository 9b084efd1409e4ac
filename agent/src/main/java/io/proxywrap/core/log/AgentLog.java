package io.proxywrap.core.log;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The agent's own log: single lines on the process's standard error, prefixed {@code [proxywrap] }.
 *
 * <p>It deliberately uses no logging library and not even {@code System.err}: the agent runs
 * inside applications whose logging it must not initialise or configure (touching JUL's
 * {@code LogManager} in premain, for one, fixes its implementation before the application can
 * choose it), and an application may have replaced {@code System.err} with a stream that feeds
 * its own logging. The file descriptor is what the operator sees either way.
 *
 * <p>Each line is one {@code write} call, so lines from different threads do not interleave,
 * and is printable ASCII: anything else in a message is escaped, so one call is always one line.
 */
public final class AgentLog {

    static final String PREFIX = "[proxywrap] ";
    static final String INFO = "";
    static final String WARN = "WARN ";

    private static final FileOutputStream STDERR = new FileOutputStream(FileDescriptor.err);

    private AgentLog() {
    }

    public static void info(String message) {
        write(format(INFO, message));
    }

    /** A problem the operator should look at; the line carries {@code WARN} after the prefix. */
    public static void warn(String message) {
        write(format(WARN, message));
    }

    /** @param level {@link #INFO}, which has no word of its own, or {@link #WARN} */
    static String format(String level, String message) {
        StringBuilder line = new StringBuilder(PREFIX.length() + level.length() + message.length() + 8)
                .append(PREFIX).append(level);
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                line.append(c);
            } else {
                line.append(String.format("\\u%04x", (int) c));
            }
        }
        return line.append(System.lineSeparator()).toString();
    }

    private static synchronized void write(String line) {
        try {
            STDERR.write(line.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // Standard error is closed or broken: there is nowhere left to report anything to.
        }
    }
}

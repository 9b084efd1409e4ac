package io.proxywrap.core.config;

import io.proxywrap.core.codec.ProxyHeaderDecoder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Parsers for the setting values. Whitespace around a value and around list items is allowed
 * (it creeps into environment files); everything else is strict, because a value we guessed at
 * would be a PROXY setting the user did not choose.
 */
final class ValueParsers {

    static final int MIN_PORT = 1;
    static final int MAX_PORT = 0xFFFF;
    /** A header that takes longer than this is not coming: a balancer sends it at once. */
    static final long MAX_TIMEOUT_MILLIS = TimeUnit.HOURS.toMillis(1);
    /** Longer digit strings are out of every range here, and would overflow an int. */
    private static final int MAX_DECIMAL_DIGITS = 9;

    private ValueParsers() {
    }

    /** The configured ports, in the order written. */
    static List<Integer> ports(String text) throws InvalidValueException {
        Set<Integer> ports = new LinkedHashSet<Integer>();
        for (String item : items(text)) {
            int port = decimal(item);
            if (port < 0) {
                throw new InvalidValueException(ConfigException.quote(item) + " is not a port number");
            }
            if (port < MIN_PORT || port > MAX_PORT) {
                throw new InvalidValueException(port + " is outside 1-65535");
            }
            if (!ports.add(port)) {
                throw new InvalidValueException(port + " is listed twice");
            }
        }
        return new ArrayList<Integer>(ports);
    }

    static Mode mode(String text) throws InvalidValueException {
        return choice(Mode.class, text);
    }

    static LogLevel logLevel(String text) throws InvalidValueException {
        return choice(LogLevel.class, text);
    }

    static Scheme scheme(String text) throws InvalidValueException {
        return choice(Scheme.class, text);
    }

    static Versions versions(String text) throws InvalidValueException {
        boolean v1 = false;
        boolean v2 = false;
        for (String item : items(text)) {
            String version = item.toLowerCase(Locale.ROOT);
            boolean repeated;
            if (version.equals("v1")) {
                repeated = v1;
                v1 = true;
            } else if (version.equals("v2")) {
                repeated = v2;
                v2 = true;
            } else {
                throw new InvalidValueException(ConfigException.quote(item) + " is not a version");
            }
            if (repeated) {
                throw new InvalidValueException(version + " is listed twice");
            }
        }
        return Versions.of(v1, v2);
    }

    /** {@code <digits>ms}, {@code <digits>s} or {@code <digits>m}, unit in any case. */
    static long timeoutMillis(String text) throws InvalidValueException {
        String timeout = text.trim().toLowerCase(Locale.ROOT);
        int unitStart = timeout.length();
        while (unitStart > 0 && !isAsciiDigit(timeout.charAt(unitStart - 1))) {
            unitStart--;
        }
        TimeUnit unit = timeUnit(timeout.substring(unitStart));
        long amount = decimal(timeout.substring(0, unitStart));
        if (unit == null || amount < 0) {
            throw new InvalidValueException(null);
        }
        long millis = unit.toMillis(amount);
        if (millis == 0) {
            throw new InvalidValueException("a zero timeout would close every connection");
        }
        if (millis > MAX_TIMEOUT_MILLIS) {
            throw new InvalidValueException(formatMillis(millis) + " is more than 1h");
        }
        return millis;
    }

    private static TimeUnit timeUnit(String suffix) {
        if (suffix.equals("ms")) {
            return TimeUnit.MILLISECONDS;
        }
        if (suffix.equals("s")) {
            return TimeUnit.SECONDS;
        }
        if (suffix.equals("m")) {
            return TimeUnit.MINUTES;
        }
        return null;
    }

    static int v2MaxLength(String text) throws InvalidValueException {
        int length = decimal(text.trim());
        if (length < ProxyHeaderDecoder.V2_MIN_MAX_LENGTH || length > ProxyHeaderDecoder.V2_MAX_MAX_LENGTH) {
            throw new InvalidValueException(null);
        }
        return length;
    }

    /** The shortest way to write a timeout in the units the user can write it in. */
    static String formatMillis(long millis) {
        if (millis % TimeUnit.MINUTES.toMillis(1) == 0) {
            return TimeUnit.MILLISECONDS.toMinutes(millis) + "m";
        }
        if (millis % TimeUnit.SECONDS.toMillis(1) == 0) {
            return TimeUnit.MILLISECONDS.toSeconds(millis) + "s";
        }
        return millis + "ms";
    }

    /** The trimmed items of a comma-separated list; an empty item is a mistake, not nothing. */
    static List<String> items(String text) throws InvalidValueException {
        List<String> items = new ArrayList<String>();
        for (String item : text.split(",", -1)) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                throw new InvalidValueException(text.trim().isEmpty() ? "the value is empty" : "the list has an empty item");
            }
            items.add(trimmed);
        }
        return items;
    }

    /** The inverse of {@link #items}: {@code items} written as a comma-separated list. */
    static String commaSeparated(Iterable<?> items) {
        StringBuilder text = new StringBuilder();
        for (Object item : items) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(item);
        }
        return text.toString();
    }

    /**
     * A non-negative decimal in ASCII digits without a leading zero (so that {@code 08080} and
     * {@code 8080} cannot both name one port), or -1.
     */
    static int decimal(String text) {
        int length = text.length();
        if (length == 0 || length > MAX_DECIMAL_DIGITS || (length > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (!isAsciiDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String text) throws InvalidValueException {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return constant;
            }
        }
        throw new InvalidValueException(null);
    }
}

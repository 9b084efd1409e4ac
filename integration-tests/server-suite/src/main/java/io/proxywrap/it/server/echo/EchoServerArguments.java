package io.proxywrap.it.server.echo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one argument contract of every echo server, whatever its family ({@code key=value}, each
 * optional): {@code http=P,P...} plain HTTP/1.1 with h2c on 127.0.0.1; {@code http6=P,P...} the
 * same on ::1; {@code tls=P cert=PEM key=PEM} TLS terminated by the server, with ALPN h2 and
 * http/1.1; and keys of the family's own. Also the few things every echo server does alike: the
 * access log's file name and the ready line. Runs in the server's JVM: JDK types only.
 */
public final class EchoServerArguments {

    /** Starts the line every echo server prints once it listens; the test waits for it. */
    public static final String READY = "proxywrap-it: server started: ";
    /** In the server's working directory, written unbuffered, one line per request. */
    public static final String ACCESS_LOG = "access.log";
    /** Keys every family's server takes. */
    public static final Set<String> COMMON_KEYS = Set.of("http", "http6", "tls", "cert", "key");

    private final Map<String, String> options;

    private EchoServerArguments(Map<String, String> options) {
        this.options = options;
    }

    /**
     * Parses {@code args}, failing on anything not {@code key=value} and on keys neither common
     * nor in {@code familyKeys}: a test that asks for a connector the server does not make must
     * not pass by luck.
     */
    public static EchoServerArguments parse(String[] args, String... familyKeys) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            String key = arg.substring(0, eq);
            if (!COMMON_KEYS.contains(key) && !List.of(familyKeys).contains(key)) {
                throw new IllegalArgumentException("this echo server does not take " + key + "= (it takes "
                        + COMMON_KEYS + " and " + List.of(familyKeys) + ")");
            }
            options.put(key, arg.substring(eq + 1));
        }
        return new EchoServerArguments(options);
    }

    public boolean has(String key) {
        return options.containsKey(key);
    }

    /** The value of {@code key}, which must be there. */
    public String get(String key) {
        String value = options.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key + "=");
        }
        return value;
    }

    /** The ports of a {@code key=P,P...} argument; none when it is absent. */
    public List<Integer> ports(String key) {
        if (!options.containsKey(key)) {
            return Collections.emptyList();
        }
        List<Integer> ports = new ArrayList<>();
        for (String port : options.get(key).split(",")) {
            if (!port.isEmpty()) {
                ports.add(Integer.valueOf(port));
            }
        }
        return ports;
    }

    /** The one port of a {@code key=P} argument, which must be there. */
    public int port(String key) {
        return Integer.parseInt(get(key));
    }

    /**
     * What an echo server prints once it is started: {@link #READY}, the server and version as it
     * reports them itself, and the Java version it runs on (the tests compare both with what the
     * module pins and the JDK running them).
     */
    public static String readyLine(String serverAndVersion) {
        return READY + serverAndVersion + " on Java " + System.getProperty("java.version");
    }
}

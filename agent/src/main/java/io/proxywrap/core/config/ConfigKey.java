package io.proxywrap.core.config;

import io.proxywrap.core.codec.ProxyHeaderDecoder;
import java.util.Locale;

/**
 * The settings a user can write, with where each may appear and what its value must look like.
 * Keys are written without the source's prefix: {@code ports}, {@code port.8080.mode}.
 */
enum ConfigKey {
    PORTS("ports", Scope.GLOBAL, "a comma-separated list of TCP ports 1-65535",
            "local ports whose connections carry a PROXY header", "none: the agent is idle and says so"),
    MODE("mode", Scope.GLOBAL_AND_PER_PORT, "required or optional",
            "required: a connection without a header is closed; optional: a header is read if present, "
                    + "from trusted peers only",
            ProxywrapConfig.DEFAULT_MODE.name().toLowerCase(Locale.ROOT)),
    TRUSTED("trusted", Scope.GLOBAL_AND_PER_PORT,
            "a comma-separated list of CIDRs or IP addresses, e.g. 10.0.0.0/8,2001:db8::/32",
            "the peers (balancers) allowed to send a header", "any peer; the start-up line warns"),
    TIMEOUT("timeout", Scope.GLOBAL_AND_PER_PORT,
            "a time more than 0 and at most 1h, written as digits followed by ms, s or m, e.g. 500ms or 3s",
            "longest time from accept to a complete header",
            ValueParsers.formatMillis(ProxywrapConfig.DEFAULT_TIMEOUT_MILLIS)),
    VERSIONS("versions", Scope.GLOBAL_AND_PER_PORT, "v1, v2 or v1,v2", "the PROXY protocol versions accepted",
            ProxywrapConfig.DEFAULT_VERSIONS.toString()),
    V2_MAX_LENGTH("v2.maxlength", Scope.GLOBAL, "the largest v2 header length to accept, "
            + ProxyHeaderDecoder.V2_MIN_MAX_LENGTH + "-" + ProxyHeaderDecoder.V2_MAX_MAX_LENGTH,
            "largest v2 length field accepted, in bytes", Integer.toString(ProxyHeaderDecoder.DEFAULT_V2_MAX_LENGTH)),
    LOG("log", Scope.GLOBAL, "warn or debug",
            "warn: a line per rejected connection (limited per reason); debug: also a line per connection, "
                    + "accepted and decided, and what instrumenting each server class cost at start-up",
            ProxywrapConfig.DEFAULT_LOG_LEVEL.name().toLowerCase(Locale.ROOT)),
    SCHEME("scheme", Scope.PER_PORT, "http or https",
            "https when the balancer terminated TLS for this port (e.g. an ELB SSL listener to TCP)",
            "from the v2 SSL TLV, else the connector's own");

    enum Scope {
        GLOBAL, PER_PORT, GLOBAL_AND_PER_PORT
    }

    static final String PER_PORT_PREFIX = "port.";
    /** Stands for the port number where keys are listed for the user. */
    static final String PORT_PLACEHOLDER = "<N>";

    private final String name;
    private final Scope scope;
    private final String expectation;
    /** What the setting does, for the configuration reference. */
    private final String meaning;
    /** The value in effect when no source sets the key, as the user would write it or in words. */
    private final String byDefault;

    ConfigKey(String name, Scope scope, String expectation, String meaning, String byDefault) {
        this.name = name;
        this.scope = scope;
        this.expectation = expectation;
        this.meaning = meaning;
        this.byDefault = byDefault;
    }

    /** The key as written globally, e.g. {@code mode}. */
    String globalKey() {
        return name;
    }

    /** The key as written for one port, e.g. {@code port.8080.mode}. */
    String perPortKey(String port) {
        return PER_PORT_PREFIX + port + "." + name;
    }

    /** What a value must look like, to complete "expected ...". */
    String expectation() {
        return expectation;
    }

    String meaning() {
        return meaning;
    }

    String byDefault() {
        return byDefault;
    }

    boolean allowedGlobally() {
        return scope != Scope.PER_PORT;
    }

    boolean allowedPerPort() {
        return scope != Scope.GLOBAL;
    }

    /** The global key named {@code key}, or null. */
    static ConfigKey global(String key) {
        for (ConfigKey candidate : values()) {
            if (candidate.allowedGlobally() && candidate.name.equals(key)) {
                return candidate;
            }
        }
        return null;
    }

    /** The per-port setting whose name (after {@code port.<N>.}) is {@code name}, or null. */
    static ConfigKey perPort(String name) {
        for (ConfigKey candidate : values()) {
            if (candidate.allowedPerPort() && candidate.name.equals(name)) {
                return candidate;
            }
        }
        return null;
    }
}

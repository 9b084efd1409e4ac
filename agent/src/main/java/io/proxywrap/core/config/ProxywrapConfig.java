package io.proxywrap.core.config;

import io.proxywrap.core.codec.ProxyHeaderDecoder;
import io.proxywrap.core.config.RawSettings.Setting;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's configuration, read once at start-up and immutable afterwards.
 *
 * <p>Each key ({@code ports}, {@code mode}, {@code trusted}, {@code timeout}, {@code versions},
 * {@code v2.maxlength}, and per port {@code port.<N>.mode|trusted|timeout|versions|scheme}) can
 * be given as a system property {@code proxywrap.<key>}, as an agent argument
 * {@code -javaagent:proxywrap.jar=<key>=<value>;<key>=<value>}, or as an environment variable
 * {@code PROXYWRAP_<KEY>} (upper case, dots as underscores), in that order of precedence.
 * Anything wrong, including an unknown key in our namespace, is a {@link ConfigException}: a
 * server started with a PROXY setting it did not ask for either drops every connection or lets
 * any peer forge client addresses.
 */
public final class ProxywrapConfig {

    static final Mode DEFAULT_MODE = Mode.REQUIRED;
    static final long DEFAULT_TIMEOUT_MILLIS = 3000;
    static final LogLevel DEFAULT_LOG_LEVEL = LogLevel.WARN;
    static final Versions DEFAULT_VERSIONS = Versions.V1_AND_V2;
    private static final String UNKNOWN_VERSION = "dev";

    /** As configured, in the order written. */
    private final List<Integer> ports;
    /** Ascending, for an allocation-free lookup on every accept; {@link #policies} in the same order. */
    private final int[] sortedPorts;
    private final PortPolicy[] policies;
    /** The global settings, which ports without overrides use. */
    private final Mode mode;
    private final TrustedPeers trustedPeers;
    private final long timeoutMillis;
    private final Versions versions;
    private final int v2MaxLength;
    private final LogLevel logLevel;

    private ProxywrapConfig(List<Integer> ports, PortPolicy[] policies, Mode mode, TrustedPeers trustedPeers,
            long timeoutMillis, Versions versions, int v2MaxLength, LogLevel logLevel) {
        this.ports = Collections.unmodifiableList(ports);
        this.policies = policies.clone();
        Arrays.sort(this.policies, (a, b) -> Integer.compare(a.port(), b.port()));
        this.sortedPorts = new int[policies.length];
        for (int i = 0; i < policies.length; i++) {
            sortedPorts[i] = this.policies[i].port();
        }
        this.mode = mode;
        this.trustedPeers = trustedPeers;
        this.timeoutMillis = timeoutMillis;
        this.versions = versions;
        this.v2MaxLength = v2MaxLength;
        this.logLevel = logLevel;
    }

    /**
     * Reads the configuration from the agent's three sources.
     *
     * @param agentArgs the {@code premain}/{@code agentmain} argument string, or null
     * @throws ConfigException naming the first setting that is wrong and what it should be
     */
    public static ProxywrapConfig load(String agentArgs, Properties systemProperties, Map<String, String> environment) {
        RawSettings raw = RawSettings.read(agentArgs, systemProperties, environment);
        List<Integer> ports = valueOf(raw.global(ConfigKey.PORTS), ValueParsers::ports, Collections.<Integer>emptyList());
        Mode mode = valueOf(raw.global(ConfigKey.MODE), ValueParsers::mode, DEFAULT_MODE);
        TrustedPeers trusted = valueOf(raw.global(ConfigKey.TRUSTED), TrustedPeers::parse, TrustedPeers.anyPeer());
        long timeoutMillis = valueOf(raw.global(ConfigKey.TIMEOUT), ValueParsers::timeoutMillis, DEFAULT_TIMEOUT_MILLIS);
        Versions versions = valueOf(raw.global(ConfigKey.VERSIONS), ValueParsers::versions, DEFAULT_VERSIONS);
        int v2MaxLength = valueOf(raw.global(ConfigKey.V2_MAX_LENGTH), ValueParsers::v2MaxLength,
                ProxyHeaderDecoder.DEFAULT_V2_MAX_LENGTH);
        LogLevel logLevel = valueOf(raw.global(ConfigKey.LOG), ValueParsers::logLevel, DEFAULT_LOG_LEVEL);
        rejectPerPortSettingsOfOtherPorts(raw, ports);

        PortPolicy[] policies = new PortPolicy[ports.size()];
        for (int i = 0; i < policies.length; i++) {
            int port = ports.get(i);
            policies[i] = new PortPolicy(port,
                    valueOf(raw.perPort(ConfigKey.MODE, port), ValueParsers::mode, mode),
                    valueOf(raw.perPort(ConfigKey.TRUSTED, port), TrustedPeers::parse, trusted),
                    valueOf(raw.perPort(ConfigKey.TIMEOUT, port), ValueParsers::timeoutMillis, timeoutMillis),
                    valueOf(raw.perPort(ConfigKey.VERSIONS, port), ValueParsers::versions, versions),
                    valueOf(raw.perPort(ConfigKey.SCHEME, port), ValueParsers::scheme, null),
                    v2MaxLength);
        }
        return new ProxywrapConfig(ports, policies, mode, trusted, timeoutMillis, versions, v2MaxLength, logLevel);
    }

    private static <T> T valueOf(Setting setting, ValueParser<T> parser, T fallback) {
        return setting == null ? fallback : setting.parse(parser);
    }

    /** A per-port key for a port we do not handle is a mistake in one of the two settings. */
    private static void rejectPerPortSettingsOfOtherPorts(RawSettings raw, List<Integer> ports) {
        Setting portsSetting = raw.global(ConfigKey.PORTS);
        for (Setting setting : raw.perPortSettings()) {
            if (!isConfiguredPort(setting.port, ports)) {
                throw setting.invalid(portsSetting == null
                        ? "expected a port listed in " + setting.source.nameOf(ConfigKey.PORTS.globalKey())
                                + ", which is not set"
                        : "expected a port listed in " + portsSetting.name() + " (" + ValueParsers.commaSeparated(ports) + ")");
            }
        }
    }

    private static boolean isConfiguredPort(String portText, List<Integer> ports) {
        for (Integer port : ports) {
            if (port.toString().equals(portText)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code proxywrap.log=debug}: a line per connection, accepted and decided, and the start-up
     * cost of each class instrumented.
     */
    public boolean debug() {
        return logLevel == LogLevel.DEBUG;
    }

    /** True when no port is configured: the agent has nothing to do. */
    public boolean isIdle() {
        return ports.isEmpty();
    }

    /** The configured ports, in the order written. */
    public List<Integer> ports() {
        return ports;
    }

    /** The policy of a local port, or null when the port is not configured. */
    public PortPolicy policy(int port) {
        int index = Arrays.binarySearch(sortedPorts, port);
        return index < 0 ? null : policies[index];
    }

    /**
     * One line for the start-up log: the agent's version and every effective setting, each port
     * that overrides something listed with what it overrides; or, when idle, how to configure.
     */
    public String describe() {
        StringBuilder line = new StringBuilder("proxywrap ").append(version()).append(": ");
        if (isIdle()) {
            return line.append("idle, no ports configured, nothing instrumented; to enable, set -D")
                    .append(ConfigSource.SYSTEM_PROPERTY.nameOf(ConfigKey.PORTS.globalKey()))
                    .append("=<port,...> (or agent argument ")
                    .append(ConfigSource.AGENT_ARGUMENT.nameOf(ConfigKey.PORTS.globalKey()))
                    .append("=<port,...>, or environment variable ")
                    .append(ConfigSource.ENVIRONMENT.nameOf(ConfigKey.PORTS.globalKey())).append(')')
                    .toString();
        }
        line.append("ports ").append(ValueParsers.commaSeparated(ports))
                .append(" mode=").append(lowerCase(mode))
                .append(" trusted=").append(trustedPeers);
        if (trustedPeers.allowsAnyPeer()) {
            line.append(" (any peer that can connect may set client addresses; restrict with ")
                    .append(ConfigSource.SYSTEM_PROPERTY.nameOf(ConfigKey.TRUSTED.globalKey())).append(')');
        }
        line.append(" timeout=").append(ValueParsers.formatMillis(timeoutMillis))
                .append(" versions=").append(versions)
                .append(" v2.maxlength=").append(v2MaxLength);
        if (logLevel != DEFAULT_LOG_LEVEL) {
            line.append(" log=").append(lowerCase(logLevel));
        }
        for (Integer port : ports) {
            appendOverrides(line, policy(port));
        }
        return line.toString();
    }

    private void appendOverrides(StringBuilder line, PortPolicy policy) {
        StringBuilder overrides = new StringBuilder();
        if (policy.mode() != mode) {
            overrides.append(" mode=").append(lowerCase(policy.mode()));
        }
        if (!policy.trustedPeers().equals(trustedPeers)) {
            overrides.append(" trusted=").append(policy.trustedPeers());
        }
        if (policy.timeoutMillis() != timeoutMillis) {
            overrides.append(" timeout=").append(ValueParsers.formatMillis(policy.timeoutMillis()));
        }
        if (policy.versions() != versions) {
            overrides.append(" versions=").append(policy.versions());
        }
        if (policy.scheme() != null) {
            overrides.append(" scheme=").append(lowerCase(policy.scheme()));
        }
        if (overrides.length() > 0) {
            line.append("; port ").append(policy.port()).append(':').append(overrides);
        }
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The jar manifest's Implementation-Version; classes run from a build directory have none. */
    public static String version() {
        Package ourPackage = ProxywrapConfig.class.getPackage();
        String version = ourPackage == null ? null : ourPackage.getImplementationVersion();
        return version == null ? UNKNOWN_VERSION : version;
    }
}

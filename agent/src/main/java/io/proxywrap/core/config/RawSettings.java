package io.proxywrap.core.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The settings as the user wrote them, read from the three sources with precedence applied:
 * system property over agent argument over environment variable. Every name in our namespace
 * must be a known key: a typo such as {@code proxywrap.trustd} would otherwise be ignored and
 * leave the port open to any peer, so it stops the start instead.
 */
final class RawSettings {

    private static final String AGENT_ARGUMENTS_EXPECTATION =
            "expected key=value pairs separated by ';', e.g. ports=8080,8443;trusted=10.0.0.0/8";
    /** Edits (one typo and one transposition, say) up to which a known key is suggested. */
    private static final int MAX_SUGGESTION_DISTANCE = 2;

    /** One key=value as the user wrote it, with the source that won. */
    static final class Setting {
        final String key;
        final ConfigKey what;
        /** The port as written in {@code port.<N>.<name>}, or null for a global key. */
        final String port;
        /** Untrimmed, so that messages show exactly what was given. */
        final String value;
        final ConfigSource source;

        Setting(String key, ConfigKey what, String port, String value, ConfigSource source) {
            this.key = key;
            this.what = what;
            this.port = port;
            this.value = value;
            this.source = source;
        }

        /** The key as the user spelled it, e.g. {@code proxywrap.ports} or {@code PROXYWRAP_PORTS}. */
        String name() {
            return source.nameOf(key);
        }

        <T> T parse(ValueParser<T> parser) {
            try {
                return parser.parse(value);
            } catch (InvalidValueException e) {
                String detail = e.getMessage() == null ? "" : "; " + e.getMessage();
                throw invalid("expected " + what.expectation() + detail);
            }
        }

        ConfigException invalid(String problem) {
            return new ConfigException(ConfigException.subject(name(), value, source), problem);
        }
    }

    /** The winning setting of each key, in key order so that the first error reported is stable. */
    private final Map<String, Setting> byKey;

    private RawSettings(Map<String, Setting> byKey) {
        this.byKey = byKey;
    }

    /**
     * @param agentArgs {@code key=value;key=value}, or null
     * @throws ConfigException for a malformed agent argument or a name that is no known key
     */
    static RawSettings read(String agentArgs, Properties systemProperties, Map<String, String> environment) {
        Map<String, String> properties = new TreeMap<String, String>();
        for (String name : systemProperties.stringPropertyNames()) {
            properties.put(name, systemProperties.getProperty(name));
        }
        List<Setting> fromSystemProperties = readSource(properties, ConfigSource.SYSTEM_PROPERTY);
        List<Setting> fromAgentArguments = readSource(parseAgentArguments(agentArgs), ConfigSource.AGENT_ARGUMENT);
        List<Setting> fromEnvironment = readSource(new TreeMap<String, String>(environment), ConfigSource.ENVIRONMENT);
        Map<String, Setting> byKey = new TreeMap<String, Setting>();
        // Lowest precedence first: a higher source overwrites what a lower one set.
        for (List<Setting> source : Arrays.asList(fromEnvironment, fromAgentArguments, fromSystemProperties)) {
            for (Setting setting : source) {
                byKey.put(setting.key, setting);
            }
        }
        return new RawSettings(byKey);
    }

    /** The setting of a global key, or null when no source sets it. */
    Setting global(ConfigKey what) {
        return byKey.get(what.globalKey());
    }

    /** The setting of {@code what} for one port, or null when no source sets it. */
    Setting perPort(ConfigKey what, int port) {
        return byKey.get(what.perPortKey(Integer.toString(port)));
    }

    /** Every per-port setting, in key order. */
    Collection<Setting> perPortSettings() {
        List<Setting> perPort = new ArrayList<Setting>();
        for (Setting setting : byKey.values()) {
            if (setting.port != null) {
                perPort.add(setting);
            }
        }
        return perPort;
    }

    /** The settings among {@code namesToValues} that are in our namespace, in the map's order. */
    private static List<Setting> readSource(Map<String, String> namesToValues, ConfigSource source) {
        List<Setting> settings = new ArrayList<Setting>();
        for (Map.Entry<String, String> entry : namesToValues.entrySet()) {
            String key = source.keyOf(entry.getKey());
            if (key != null) {
                settings.add(identify(entry.getKey(), key, entry.getValue(), source));
            }
        }
        return settings;
    }

    /** Semicolons separate the pairs because values such as port lists contain commas. */
    private static Map<String, String> parseAgentArguments(String agentArgs) {
        Map<String, String> namesToValues = new LinkedHashMap<String, String>();
        if (agentArgs == null) {
            return namesToValues;
        }
        for (String pair : agentArgs.split(";", -1)) {
            if (pair.trim().isEmpty()) {
                continue; // "ports=8080;" has nothing after the last separator, not a malformed pair
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? "" : pair.substring(0, equals).trim();
            if (name.isEmpty()) {
                throw new ConfigException(ConfigSource.AGENT_ARGUMENT.description() + " "
                        + ConfigException.quote(pair), AGENT_ARGUMENTS_EXPECTATION);
            }
            String value = pair.substring(equals + 1);
            if (namesToValues.put(name, value) != null) {
                throw new ConfigException(ConfigException.subject(name, value, ConfigSource.AGENT_ARGUMENT),
                        "given twice in the agent arguments; expected each key once");
            }
        }
        return namesToValues;
    }

    /**
     * @param name the name as it appears in its source
     * @param key that name in the common key form, e.g. {@code port.8080.mode}
     * @throws ConfigException when {@code key} is not a known key or {@code name} is not its
     *     exact spelling in that source (say {@code Proxywrap.ports} or {@code PROXYWRAP_ports})
     */
    private static Setting identify(String name, String key, String value, ConfigSource source) {
        Setting setting = recognise(key, value, source);
        if (setting == null || !source.nameOf(key).equals(name)) {
            throw new ConfigException(ConfigException.subject(name, value, source), unknownKeyProblem(key, source));
        }
        return setting;
    }

    /** A setting for {@code key} when it is a global key or {@code port.<N>.<name>}, else null. */
    private static Setting recognise(String key, String value, ConfigSource source) {
        ConfigKey global = ConfigKey.global(key);
        if (global != null) {
            return new Setting(key, global, null, value, source);
        }
        String port = portOf(key);
        if (port == null) {
            return null;
        }
        ConfigKey perPort = ConfigKey.perPort(key.substring(ConfigKey.PER_PORT_PREFIX.length() + port.length() + 1));
        return perPort == null ? null : new Setting(key, perPort, port, value, source);
    }

    /** The {@code <N>} of a key shaped {@code port.<N>.<rest>}, or null. */
    private static String portOf(String key) {
        if (!key.startsWith(ConfigKey.PER_PORT_PREFIX)) {
            return null;
        }
        int dot = key.indexOf('.', ConfigKey.PER_PORT_PREFIX.length());
        return dot <= ConfigKey.PER_PORT_PREFIX.length() ? null : key.substring(ConfigKey.PER_PORT_PREFIX.length(), dot);
    }

    private static String unknownKeyProblem(String key, ConfigSource source) {
        String suggestion = closestKnownKey(key);
        if (suggestion != null) {
            return "unknown key; did you mean " + source.nameOf(suggestion) + "?";
        }
        List<String> knownNames = new ArrayList<String>();
        for (String known : knownKeys(ConfigKey.PORT_PLACEHOLDER)) {
            knownNames.add(source.nameOf(known));
        }
        return "unknown key; expected one of " + String.join(", ", knownNames);
    }

    private static String closestKnownKey(String key) {
        String lowerKey = key.toLowerCase(Locale.ROOT);
        String port = portOf(lowerKey);
        String closest = null;
        int closestDistance = MAX_SUGGESTION_DISTANCE + 1;
        for (String candidate : knownKeys(port == null ? ConfigKey.PORT_PLACEHOLDER : port)) {
            int distance = editDistance(lowerKey, candidate);
            if (distance < closestDistance) {
                closest = candidate;
                closestDistance = distance;
            }
        }
        return closest;
    }

    /** Every key a user may write, the per-port ones for {@code port}. */
    private static List<String> knownKeys(String port) {
        List<String> keys = new ArrayList<String>();
        for (ConfigKey what : ConfigKey.values()) {
            if (what.allowedGlobally()) {
                keys.add(what.globalKey());
            }
        }
        for (ConfigKey what : ConfigKey.values()) {
            if (what.allowedPerPort()) {
                keys.add(what.perPortKey(port));
            }
        }
        return keys;
    }

    /** Levenshtein distance: insertions, deletions and substitutions, each counting one. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

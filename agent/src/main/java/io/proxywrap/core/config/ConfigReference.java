package io.proxywrap.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The configuration reference users read ({@code java -jar proxywrap.jar help}), made from
 * {@link ConfigKey} and {@link ConfigSource} themselves, so it names exactly the keys, spellings,
 * values and defaults that {@link ProxywrapConfig#load} applies.
 */
public final class ConfigReference {

    private static final String INDENT = "  ";
    private static final String DETAIL = "      ";
    /** Wide enough for "an environment variable:" and a space. */
    private static final int LABEL_WIDTH = 26;

    private ConfigReference() {
    }

    /** The reference as lines without line terminators. */
    public static List<String> lines() {
        List<String> lines = new ArrayList<String>();
        String ports = ConfigKey.PORTS.globalKey();
        String trusted = ConfigKey.TRUSTED.globalKey();
        lines.add("Each key can be given as");
        lines.add(INDENT + label("a " + ConfigSource.SYSTEM_PROPERTY.description()) + "-D"
                + ConfigSource.SYSTEM_PROPERTY.nameOf(ports) + "=8080");
        lines.add(INDENT + label("an " + ConfigSource.AGENT_ARGUMENT.description()) + "-javaagent:proxywrap.jar="
                + ConfigSource.AGENT_ARGUMENT.nameOf(ports) + "=8080,8443;" + ConfigSource.AGENT_ARGUMENT.nameOf(trusted)
                + "=10.0.0.0/8   (no prefix, ';' between pairs)");
        lines.add(INDENT + label("an " + ConfigSource.ENVIRONMENT.description()) + ConfigSource.ENVIRONMENT.nameOf(ports)
                + "=8080   (upper case, '_' for '.')");
        lines.add("in that order of precedence. An invalid value or unknown key stops the JVM at start-up"
                + " (or, attached to a running JVM, installs nothing).");
        lines.add("");
        for (ConfigKey key : ConfigKey.values()) {
            if (key.allowedGlobally()) {
                addKey(lines, key.globalKey(), key);
            }
        }
        List<String> overridable = new ArrayList<String>();
        for (ConfigKey key : ConfigKey.values()) {
            if (key.allowedGlobally() && key.allowedPerPort()) {
                overridable.add(key.globalKey());
            }
        }
        String anyPerPortKey = ConfigKey.PER_PORT_PREFIX + ConfigKey.PORT_PLACEHOLDER + ".<key>";
        addNames(lines, anyPerPortKey);
        lines.add(DETAIL + "for a port listed in " + ConfigSource.SYSTEM_PROPERTY.nameOf(ports) + ", overrides "
                + String.join(", ", overridable));
        for (ConfigKey key : ConfigKey.values()) {
            if (!key.allowedGlobally()) {
                addKey(lines, key.perPortKey(ConfigKey.PORT_PLACEHOLDER), key);
            }
        }
        return lines;
    }

    /** {@code text:} padded so that the examples after it line up. */
    private static String label(String text) {
        return String.format("%-" + LABEL_WIDTH + "s", text + ":");
    }

    private static void addKey(List<String> lines, String key, ConfigKey what) {
        addNames(lines, key);
        lines.add(DETAIL + what.meaning());
        lines.add(DETAIL + "value: " + what.expectation());
        lines.add(DETAIL + "default: " + what.byDefault());
    }

    private static void addNames(List<String> lines, String key) {
        lines.add(INDENT + ConfigSource.SYSTEM_PROPERTY.nameOf(key) + "   (" + ConfigSource.ENVIRONMENT.nameOf(key) + ")");
    }
}

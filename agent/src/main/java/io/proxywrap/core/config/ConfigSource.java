package io.proxywrap.core.config;

import java.util.Locale;

/** Where a setting can come from, highest precedence first, and how a key is spelled there. */
enum ConfigSource {
    SYSTEM_PROPERTY("system property") {
        @Override
        String nameOf(String key) {
            return SYSTEM_PROPERTY_PREFIX + key;
        }

        @Override
        String keyOf(String name) {
            return startsWithIgnoringCase(name, SYSTEM_PROPERTY_PREFIX) ? name.substring(SYSTEM_PROPERTY_PREFIX.length()) : null;
        }
    },
    AGENT_ARGUMENT("agent argument") {
        @Override
        String nameOf(String key) {
            return key;
        }

        /** The agent's arguments are all ours. */
        @Override
        String keyOf(String name) {
            return name;
        }
    },
    ENVIRONMENT("environment variable") {
        /** Environment variable names cannot portably contain dots, hence the underscores. */
        @Override
        String nameOf(String key) {
            return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
        }

        @Override
        String keyOf(String name) {
            return startsWithIgnoringCase(name, ENVIRONMENT_PREFIX)
                    ? name.substring(ENVIRONMENT_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.')
                    : null;
        }
    };

    private static final String SYSTEM_PROPERTY_PREFIX = "proxywrap.";
    private static final String ENVIRONMENT_PREFIX = "PROXYWRAP_";

    private final String description;

    ConfigSource(String description) {
        this.description = description;
    }

    /** How a key ({@code ports}, {@code port.8080.mode}) is spelled in this source. */
    abstract String nameOf(String key);

    /**
     * The key a name in this source stands for, or null when the name is outside our namespace.
     * The namespace is matched ignoring case, so that {@code Proxywrap.ports} is reported as a
     * misspelling instead of being ignored; {@link #nameOf} of the result then differs from
     * {@code name}.
     */
    abstract String keyOf(String name);

    String description() {
        return description;
    }

    private static boolean startsWithIgnoringCase(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}

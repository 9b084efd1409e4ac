package io.proxywrap.core.config;

import java.util.Locale;

/** Where a setting can come from, highest precedence first, and how a key is spelled there. */
enum ConfigSource {
    SYSTEM_PROPERTY("system property") {
        @Override
        String nameOf(String key) {
            return SYSTEM_PROPERTY_PREFIX + key;
        }
    },
    AGENT_ARGUMENT("agent argument") {
        @Override
        String nameOf(String key) {
            return key;
        }
    },
    ENVIRONMENT("environment variable") {
        /** Environment variable names cannot portably contain dots, hence the underscores. */
        @Override
        String nameOf(String key) {
            return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
        }
    };

    static final String SYSTEM_PROPERTY_PREFIX = "proxywrap.";
    static final String ENVIRONMENT_PREFIX = "PROXYWRAP_";

    private final String description;

    ConfigSource(String description) {
        this.description = description;
    }

    /** How a key ({@code ports}, {@code port.8080.mode}) is spelled in this source. */
    abstract String nameOf(String key);

    String description() {
        return description;
    }
}

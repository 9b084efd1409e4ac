package io.proxywrap.core.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** The three configuration sources of one test, built fluently. */
final class Sources {

    private final Properties systemProperties = new Properties();
    private final Map<String, String> environment = new HashMap<>();
    private String agentArgs;

    static Sources none() {
        return new Sources();
    }

    /** A system property, name written in full: {@code sys("proxywrap.ports", "8080")}. */
    Sources sys(String name, String value) {
        systemProperties.setProperty(name, value);
        return this;
    }

    Sources args(String agentArgs) {
        this.agentArgs = agentArgs;
        return this;
    }

    Sources env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    ProxywrapConfig load() {
        return ProxywrapConfig.load(agentArgs, systemProperties, environment);
    }

    /** The message of the {@link ConfigException} loading must throw. */
    String error() {
        try {
            ProxywrapConfig config = load();
            throw new AssertionError("expected a ConfigException, got " + config.describe());
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }
}

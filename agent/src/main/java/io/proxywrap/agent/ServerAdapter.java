package io.proxywrap.agent;

import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/** One server line's instrumentation: where it accepts, reads and reports addresses. */
public interface ServerAdapter {

    /** Adds this server's transformations; they apply to its classes as they load. */
    AgentBuilder instrument(AgentBuilder builder);

    /**
     * What a listener of this server is, for the start-up log and to know whether its
     * connections pass through our read hooks.
     *
     * @return null when {@code listenerType} is not this server's
     */
    Listener describe(Class<?> listenerType, String listenerName);

    /**
     * The classes this adapter transforms, complete once {@link #instrument} has run. Fields can
     * only be added as a class loads, so when the agent is attached to a running JVM these must
     * not be loaded yet.
     */
    Set<String> instrumentedTypes();

    /** A listening socket as its server names it. */
    final class Listener {

        final String description;
        final String notCoveredBecause;
        final boolean readsThroughHooks;

        /**
         * @param description e.g. {@code Apache Tomcat/10.1.61: connector "http-nio-8080"}
         * @param notCoveredBecause null when proxywrap reads PROXY headers on it, else why not,
         *     e.g. {@code uses Nio2Endpoint}
         * @param readsThroughHooks whether its reads still pass our hooks, so that a listener
         *     we do not cover must be excluded explicitly (Tomcat's AJP runs on NioEndpoint)
         */
        public Listener(String description, String notCoveredBecause, boolean readsThroughHooks) {
            this.description = description;
            this.notCoveredBecause = notCoveredBecause;
            this.readsThroughHooks = readsThroughHooks;
        }
    }
}

package io.proxywrap.agent;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * One server line's instrumentation: where it accepts, reads and reports addresses. An adapter
 * either weaves its classes with plain ASM ({@link #wovenTypes()}, Tomcat) or hands them to Byte
 * Buddy ({@link #instrument} and {@link #instrumentedTypes()}, Jetty and Undertow until they move
 * to the weaver, whose start-up costs tens of milliseconds where Byte Buddy's costs most of a
 * second).
 */
public interface ServerAdapter {

    /** The classes this adapter weaves, each with its plan; checked before any of them loads. */
    default List<WovenType> wovenTypes() {
        return Collections.emptyList();
    }

    /** Adds this server's Byte Buddy transformations; they apply to its classes as they load. */
    default AgentBuilder instrument(AgentBuilder builder) {
        return builder;
    }

    /**
     * What a listener of this server is, for the start-up log and to know whether its
     * connections pass through our read hooks.
     *
     * @param listener the object that reported it through {@code ProxywrapBridge.listenerBound}
     * @return null when {@code listener} is not this server's
     */
    Listener describe(Object listener, String listenerName);

    /**
     * The classes this adapter transforms, known before {@link #instrument} runs (see
     * {@link InstrumentedTypes}): only these reach Byte Buddy. Fields can only be added as a class
     * loads, so when the agent is attached to a running JVM these must not be loaded yet.
     */
    default Set<String> instrumentedTypes() {
        return Collections.emptySet();
    }

    /** A listening socket as its server names it, and whether proxywrap reads PROXY headers on it. */
    final class Listener {

        final String description;
        /** Null when proxywrap covers it, else the rest of the start-up line saying why not. */
        final String leftAloneBecause;
        final boolean readsThroughHooks;

        private Listener(String description, String leftAloneBecause, boolean readsThroughHooks) {
            this.description = description;
            this.leftAloneBecause = leftAloneBecause;
            this.readsThroughHooks = readsThroughHooks;
        }

        /** What the start-up line calls it. */
        public String description() {
            return description;
        }

        /** Null when proxywrap covers it, else why not, as the start-up line says it. */
        public String leftAloneBecause() {
            return leftAloneBecause;
        }

        /** @param description e.g. {@code Apache Tomcat/10.1.61: connector "http-nio-8080"} */
        public static Listener covered(String description) {
            return new Listener(description, null, true);
        }

        /**
         * One our hooks do not reach or must not act on: its connections go unchecked.
         *
         * @param why e.g. {@code uses Nio2Endpoint}
         * @param readsThroughHooks whether its reads still pass our hooks, so that the port must
         *     be excluded explicitly (Tomcat's AJP runs on NioEndpoint)
         */
        public static Listener notCovered(String description, String why, boolean readsThroughHooks) {
            return new Listener(description, why + ", which proxywrap does not cover: its connections are not"
                    + " checked for PROXY headers", readsThroughHooks);
        }

        /**
         * One whose server reads PROXY headers itself (Jetty's ProxyConnectionFactory): left to
         * it, since a header must be taken out exactly once.
         *
         * @param how e.g. {@code has Jetty's own ProxyConnectionFactory}
         */
        public static Listener handledByServer(String description, String how) {
            return new Listener(description, how + ", which reads PROXY headers itself: proxywrap leaves the port to it",
                    true);
        }
    }
}

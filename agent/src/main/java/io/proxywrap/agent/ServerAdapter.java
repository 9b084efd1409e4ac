package io.proxywrap.agent;

import java.util.List;

/**
 * One server line's instrumentation: where it accepts, reads and reports addresses, as the
 * classes it weaves with plain ASM ({@code io.proxywrap.agent.weave}), and what its listeners are.
 */
public interface ServerAdapter {

    /**
     * The classes this adapter weaves, each with its plan; known before any of them loads, since
     * fields can only be added to a class as it loads.
     */
    List<WovenType> wovenTypes();

    /**
     * What a listener of this server is, for the start-up log and to know whether its
     * connections pass through our read hooks.
     *
     * @param listener the object that reported it through {@code ProxywrapBridge.listenerBound}
     * @return null when {@code listener} is not this server's
     */
    Listener describe(Object listener, String listenerName);

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

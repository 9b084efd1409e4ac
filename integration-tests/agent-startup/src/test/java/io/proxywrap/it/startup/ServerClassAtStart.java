package io.proxywrap.it.startup;

/**
 * A stand-in application that loads a class the agent changes as the first thing it does, as
 * embedded servers do early in their start, right after {@code premain}, then says whether the
 * class was changed.
 */
public final class ServerClassAtStart {

    /** Tomcat's per-connection class, which the agent gives {@code ConnectionSlot}. */
    static final String SERVER_CLASS = "org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper";
    static final String INSTRUMENTED = SERVER_CLASS + " is instrumented";

    private ServerClassAtStart() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> serverClass = Class.forName(SERVER_CLASS, false, ServerClassAtStart.class.getClassLoader());
        // In the bootstrap loader, where the agent put it.
        Class<?> slot = Class.forName("io.proxywrap.bootstrap.ConnectionSlot", false, null);
        System.out.println(slot.isAssignableFrom(serverClass) ? INSTRUMENTED : SERVER_CLASS + " is not instrumented");
    }
}

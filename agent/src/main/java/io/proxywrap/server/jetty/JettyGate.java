package io.proxywrap.server.jetty;

import io.proxywrap.agent.PerClassLoader;
import io.proxywrap.agent.ResourceProperties;
import io.proxywrap.agent.weave.ClassFiles;
import io.proxywrap.core.log.AgentLog;

/**
 * Which Jetty line a class loader holds, read from its class files before anything of that
 * Jetty is transformed. Two checks: the version Jetty reports ({@code Server.getVersion()} reads
 * the same file) must be a line we test, and the accept hook must have the shape that line is
 * known to have. A Jetty that fails either (9.3 accepts through {@code newEndPoint(SocketChannel,..)}
 * into a {@code SelectChannelEndPoint}) is left entirely untouched, and the log says so once.
 */
final class JettyGate {

    static final String SUPPORTED_RANGE = "Jetty 9.4 to 12.1";
    static final String SERVER_CONNECTOR_MANAGER = "org.eclipse.jetty.server.ServerConnector$ServerConnectorManager";
    private static final String BUILD_PROPERTIES = "org/eclipse/jetty/version/build.properties";

    private final PerClassLoader<JettyLine> lines = new PerClassLoader<JettyLine>(JettyGate::inspect, null);

    /** The line of the Jetty in {@code loader}, or null when there is none we support. */
    JettyLine lineOf(ClassLoader loader) {
        return lines.get(loader);
    }

    /** {@code Jetty 12.0.40}, for log lines. */
    static String describe(ClassLoader loader) {
        String version = ResourceProperties.read(loader, BUILD_PROPERTIES, "version");
        return version != null ? "Jetty " + version : "Jetty";
    }

    private static JettyLine inspect(ClassLoader loader) {
        byte[] manager = ClassFiles.read(loader, SERVER_CONNECTOR_MANAGER);
        if (manager == null) {
            // Jetty's client or I/O classes without its server: nothing of ours applies.
            return null;
        }
        JettyLine line = JettyLine.of(ResourceProperties.read(loader, BUILD_PROPERTIES, "version"));
        if (line == null || !ClassFiles.declaresMethod(manager, "newEndPoint", line.acceptDescriptor())) {
            AgentLog.warn(describe(loader) + " is outside what proxywrap supports (" + SUPPORTED_RANGE
                    + "): it is left untouched");
            return null;
        }
        return line;
    }
}

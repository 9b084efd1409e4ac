package io.proxywrap.server.jetty;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.proxywrap.agent.PerClassLoader;
import io.proxywrap.agent.ResourceProperties;
import io.proxywrap.core.log.AgentLog;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

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
        TypePool pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(loader));
        TypePool.Resolution manager = pool.describe(SERVER_CONNECTOR_MANAGER);
        if (!manager.isResolved()) {
            // Jetty's client or I/O classes without its server: nothing of ours applies.
            return null;
        }
        JettyLine line = JettyLine.of(ResourceProperties.read(loader, BUILD_PROPERTIES, "version"));
        if (line == null || !hasAcceptHook(manager.resolve(), line)) {
            AgentLog.warn(describe(loader) + " is outside what proxywrap supports (" + SUPPORTED_RANGE
                    + "): it is left untouched");
            return null;
        }
        return line;
    }

    private static boolean hasAcceptHook(TypeDescription manager, JettyLine line) {
        return !manager.getDeclaredMethods().filter(named("newEndPoint").and(not(isBridge())).and(takesArguments(3))
                .and(takesArgument(0, named("java.nio.channels.SelectableChannel")))
                .and(returns(named(line.socketEndPoint)))).isEmpty();
    }
}

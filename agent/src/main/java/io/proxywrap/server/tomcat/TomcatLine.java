package io.proxywrap.server.tomcat;

import io.proxywrap.agent.PerClassLoader;
import io.proxywrap.agent.ResourceProperties;
import io.proxywrap.agent.weave.ClassFiles;
import io.proxywrap.core.log.AgentLog;

/**
 * Which Tomcat a class loader holds, and whether its hooks are the ones this adapter knows.
 *
 * <p>The gate reads class files before anything of that Tomcat is transformed, and is two
 * checks. The accept hook's shape: {@code NioChannel.reset(SocketChannel, NioSocketWrapper)}
 * arrived in 9.0.27 (9.0.0–9.0.26 have {@code reset()} without arguments) and is unchanged
 * through 11.0. And the line: late 8.5 patches got the same {@code reset}, but 8.5 is past its
 * end of life and outside what we test, so it is told apart by
 * {@code org.apache.coyote.http2.Http2AsyncUpgradeHandler}, which 9.0 added and 8.5 never had.
 * A Tomcat that fails either is left entirely untouched, and the start-up log says so once.
 */
final class TomcatLine {

    static final String NIO_CHANNEL = "org.apache.tomcat.util.net.NioChannel";
    static final String NIO_SOCKET_WRAPPER = "org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper";
    private static final String SINCE_9_0 = "org.apache.coyote.http2.Http2AsyncUpgradeHandler";
    static final String SUPPORTED_RANGE = "Tomcat 9.0.27 to 11.0";

    private static final String SERVER_INFO = "org/apache/catalina/util/ServerInfo.properties";

    private final PerClassLoader<Boolean> supported = new PerClassLoader<Boolean>(TomcatLine::inspect, false);

    boolean supports(ClassLoader loader) {
        return supported.get(loader);
    }

    private static boolean inspect(ClassLoader loader) {
        byte[] channel = ClassFiles.read(loader, NIO_CHANNEL);
        if (channel == null) {
            return false;
        }
        boolean hasAcceptHook = ClassFiles.declaresMethod(channel, "reset", TomcatAdapter.RESET);
        boolean supported = hasAcceptHook && ClassFiles.exists(loader, SINCE_9_0);
        if (!supported) {
            AgentLog.warn(serverInfo(loader) + " is outside what proxywrap supports (" + SUPPORTED_RANGE
                    + "): it is left untouched");
        }
        return supported;
    }

    /** {@code Apache Tomcat/10.1.61}, from the file Tomcat's own version banner reads. */
    static String serverInfo(ClassLoader loader) {
        String info = ResourceProperties.read(loader, SERVER_INFO, "server.info");
        return info != null ? info : "Apache Tomcat";
    }
}

package io.proxywrap.samples.tomcat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * An embedded Tomcat on one port, default NIO connector ({@code Http11NioProtocol}): {@code GET /}
 * is a WebSocket echo page, {@code /echo} its endpoint, {@code GET /whoami} plain text. Start it
 * with {@code -javaagent:proxywrap.jar -Dproxywrap.ports=<port>} and everything it reports is the
 * PROXY header's client.
 *
 * <p>The port is the first argument, else {@code -Dsample.port}, else 8080. Not a
 * {@code proxywrap.*} property: the agent owns that namespace and rejects keys it does not know.
 */
public final class TomcatWebSocketSample {

    private static final int DEFAULT_PORT = 8080;

    private TomcatWebSocketSample() {
    }

    public static void main(String[] args) throws Exception {
        String portSetting = args.length > 0 ? args[0] : System.getProperty("sample.port");
        int port;
        try {
            port = portSetting == null ? DEFAULT_PORT : parsePort(portSetting);
        } catch (IllegalArgumentException e) {
            System.err.println("tomcat-websocket: port \"" + portSetting + "\" (first argument or -Dsample.port) is"
                    + " not a TCP port 1-65535");
            System.exit(2);
            return;
        }

        // Tomcat needs a base directory for its work files; a temporary one keeps them out of the
        // directory the sample was started from.
        Path baseDir = Files.createTempDirectory("proxywrap-tomcat-websocket-");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(port);
        tomcat.getConnector();

        Context context = tomcat.addContext("", null);
        // Nothing here is declared by annotation. Without this, Tomcat looks for @PostConstruct and
        // friends on each filter and servlet it starts, which needs the jakarta.annotation types
        // this jar does not ship (see the pom), and the context fails to start.
        context.setIgnoreAnnotations(true);
        // WsSci creates the context's WebSocket container; SampleApplication, added after it, then
        // registers the servlets, the filter and the endpoint in it.
        context.addServletContainerInitializer(new WsSci(), null);
        context.addServletContainerInitializer(new SampleApplication(), null);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(tomcat, baseDir), "tomcat-websocket-shutdown"));
        tomcat.start();
        System.out.println("tomcat-websocket sample listening on port " + port + ": http://localhost:" + port
                + "/ (WebSocket echo page), http://localhost:" + port + "/whoami (plain text)");
        tomcat.getServer().await();
    }

    /** @throws IllegalArgumentException (a {@link NumberFormatException} too) when not a port 1-65535 */
    private static int parsePort(String value) {
        int port = Integer.parseInt(value.trim());
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("out of range: " + port);
        }
        return port;
    }

    /** On Ctrl-C or SIGTERM: stop serving, then remove the work files. */
    private static void stop(Tomcat tomcat, Path baseDir) {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            System.err.println("tomcat-websocket: stopping Tomcat failed: " + e);
        }
        try (Stream<Path> files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(TomcatWebSocketSample::delete);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("tomcat-websocket: could not remove " + baseDir + ": " + e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.proxywrap.it.tomcat.server;

import io.proxywrap.it.server.echo.EchoServerArguments;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.catalina.valves.AccessLogValve;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.coyote.http2.Http2Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * The server under test: an embedded Tomcat, run by the tests in a child JVM started with the
 * agent, listening on 127.0.0.1 only (and ::1 where asked). It knows nothing of proxywrap; which of its ports carry
 * PROXY headers is the agent's configuration, chosen by the test.
 *
 * <p>Arguments, {@code key=value}, each optional: those of {@link EchoServerArguments}, made as
 * <ul>
 * <li>{@code http=P,P...}: plain HTTP/1.1 NIO connectors, with h2c upgrade
 * <li>{@code http6=P,P...}: the same on the IPv6 loopback address, ::1
 * <li>{@code tls=P cert=PEM key=PEM}: a JSSE TLS NIO connector, with h2 over ALPN
 * </ul>
 * and Tomcat's own:
 * <ul>
 * <li>{@code nio2=P}: an NIO2 connector
 * <li>{@code ajp=P}: an AJP connector (NIO, no secret)
 * <li>{@code webSocket=CLASS}: a {@link WebSocketSetup} for this Tomcat's namespace; the echo
 *     endpoint is then at {@code /ws/echo}
 * </ul>
 * Paths: {@code /rip/...} runs a {@link RemoteIpValve} trusting only 127.0.0.42 before the echo;
 * everything else outside {@code /ws} is echoed by {@link EchoValve}. Every request is written to
 * {@value EchoServerArguments#ACCESS_LOG} in the working directory as {@value #ACCESS_LOG_PATTERN}.
 * Prints the {@link EchoServerArguments#readyLine ready line} once started.
 */
public final class EchoServer {

    /** The argument keys of Tomcat's own connectors. */
    public static final String NIO2 = "nio2";
    public static final String AJP = "ajp";
    /**
     * Remote address and port, remote host, server port, request line, status: what the tests
     * compare, e.g. {@code 127.0.0.42:40000 127.0.0.42 8080 GET /x HTTP/1.1 200}. Tomcat's
     * {@code %p} is {@code getServerPort()}: the Host header's port, else the default port of the
     * scheme the request reports (so 443 once the agent says https); no element logs the
     * socket's local port, which the echo reports instead.
     */
    public static final String ACCESS_LOG_PATTERN = "%a:%{remote}p %h %p %r %s";
    /**
     * What the RemoteIpValve trusts to set X-Forwarded-For: only the real client's address, not
     * the balancer's (127.0.0.1, which its default 127/8 would also trust). A forwarded address
     * then shows up only if Tomcat reports the PROXY header's source before the valve runs.
     */
    public static final String REMOTE_IP_INTERNAL_PROXIES = "127\\.0\\.0\\.42";

    private EchoServer() {
    }

    public static void main(String[] args) throws Exception {
        EchoServerArguments options = EchoServerArguments.parse(args, NIO2, AJP, "webSocket");
        Path dir = Path.of("").toAbsolutePath();

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(dir.toString());
        for (int port : options.ports("http")) {
            tomcat.getService().addConnector(connector("org.apache.coyote.http11.Http11NioProtocol", port));
        }
        for (int port : options.ports("http6")) {
            Connector connector = connector("org.apache.coyote.http11.Http11NioProtocol", port);
            connector.setProperty("address", "::1");
            tomcat.getService().addConnector(connector);
        }
        if (options.has("tls")) {
            tomcat.getService().addConnector(tls(options.port("tls"), options.get("cert"), options.get("key")));
        }
        if (options.has(NIO2)) {
            tomcat.getService().addConnector(connector("org.apache.coyote.http11.Http11Nio2Protocol",
                    options.port(NIO2)));
        }
        if (options.has(AJP)) {
            Connector ajp = new Connector("org.apache.coyote.ajp.AjpNioProtocol");
            ajp.setPort(options.port(AJP));
            ajp.setProperty("address", "127.0.0.1");
            // Required since 9.0.31; the test only pings the connector.
            ajp.setProperty("secretRequired", "false");
            tomcat.getService().addConnector(ajp);
        }

        Context root = tomcat.addContext("", dir.toString());
        root.getPipeline().addValve(new EchoValve());

        Context remoteIp = tomcat.addContext("/rip", dir.toString());
        RemoteIpValve remoteIpValve = new RemoteIpValve();
        remoteIpValve.setInternalProxies(REMOTE_IP_INTERNAL_PROXIES);
        remoteIp.getPipeline().addValve(remoteIpValve);
        remoteIp.getPipeline().addValve(new EchoValve());

        if (options.has("webSocket")) {
            Context ws = plainContext(tomcat, "/ws", dir);
            // The upgrade happens in WsFilter, and filters run only for a request mapped to a
            // servlet: the default servlet gives every path one. Named by class, not referenced,
            // since servlets are javax or jakarta.
            Tomcat.addServlet(ws, "default", "org.apache.catalina.servlets.DefaultServlet");
            ws.addServletMappingDecoded("/", "default");
            WebSocketSetup setup = (WebSocketSetup) Class.forName(options.get("webSocket"))
                    .getDeclaredConstructor().newInstance();
            setup.install(ws);
        }

        AccessLogValve accessLog = new AccessLogValve();
        accessLog.setDirectory(dir.toString());
        // EchoServerArguments.ACCESS_LOG, where the tests read it
        accessLog.setPrefix("access");
        accessLog.setSuffix(".log");
        accessLog.setRotatable(false);
        // Unbuffered: each line is in the file once the request is logged, for the test to read.
        accessLog.setBuffered(false);
        accessLog.setPattern(ACCESS_LOG_PATTERN);
        tomcat.getHost().getPipeline().addValve(accessLog);

        tomcat.start();
        System.out.println(EchoServerArguments.readyLine(ServerInfo.getServerInfo()));
        // The server's shutdown port is disabled in embedded mode: this waits until the JVM is killed.
        tomcat.getServer().await();
    }

    /**
     * A context like {@code Tomcat.addContext} makes, minus its annotation scan of the servlets:
     * that scan loads the javax/jakarta.annotation API, which the build leaves out (the
     * tomcat-lines pom says why) and which nothing here uses.
     */
    private static Context plainContext(Tomcat tomcat, String path, Path dir) {
        StandardContext context = new StandardContext();
        context.setName(path);
        context.setPath(path);
        context.setDocBase(dir.toString());
        context.setIgnoreAnnotations(true);
        context.addLifecycleListener(event -> {
            if (Lifecycle.CONFIGURE_START_EVENT.equals(event.getType())) {
                context.setConfigured(true);
            }
        });
        tomcat.getHost().addChild(context);
        return context;
    }

    private static Connector connector(String protocol, int port) {
        Connector connector = new Connector(protocol);
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        connector.addUpgradeProtocol(new Http2Protocol());
        return connector;
    }

    private static Connector tls(int port, String certificateFile, String keyFile) {
        Connector connector = connector("org.apache.coyote.http11.Http11NioProtocol", port);
        connector.setSecure(true);
        connector.setScheme("https");
        connector.setProperty("SSLEnabled", "true");
        // JSSE, named: whichever OpenSSL binding a Tomcat line would pick instead reads through
        // other code, and the agent covers the JSSE path (SecureNioChannel).
        connector.setProperty("sslImplementationName", "org.apache.tomcat.util.net.jsse.JSSEImplementation");
        SSLHostConfig host = new SSLHostConfig();
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.RSA);
        certificate.setCertificateFile(certificateFile);
        certificate.setCertificateKeyFile(keyFile);
        host.addCertificate(certificate);
        connector.addSslHostConfig(host);
        return connector;
    }
}

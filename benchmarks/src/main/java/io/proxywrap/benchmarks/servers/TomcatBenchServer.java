package io.proxywrap.benchmarks.servers;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.RemoteIpValve;

/**
 * Embedded Tomcat 11 with its default NIO connector and a servlet answering every path.
 *
 * <ul>
 *   <li>{@code plain}: nothing else; with or without the agent;</li>
 *   <li>{@code remote-ip-valve}: Tomcat's {@code RemoteIpValve} with its defaults (loopback and
 *       private addresses are internal proxies; the client from {@code X-Forwarded-For}), the
 *       setup behind nginx that the ELB WebSocket guides describe.</li>
 * </ul>
 * Tomcat's connector keeps its defaults (thread pool, {@code maxKeepAliveRequests} 100), as a
 * user's would.
 */
public final class TomcatBenchServer {

    public static void main(String[] args) throws Exception {
        BenchServer server = BenchServer.parse(args, "plain", "remote-ip-valve");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("bench-tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(server.port);
        connector.setProperty("address", BenchServer.HOST);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "remote", new RemoteServlet());
        context.addServletMappingDecoded("/", "remote");
        if (server.variant.equals("remote-ip-valve")) {
            context.getPipeline().addValve(new RemoteIpValve());
        }
        tomcat.start();
        server.ready();
        tomcat.getServer().await();
    }

    private static final class RemoteServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            byte[] body = BenchServer.body(request.getRemoteAddr(), request.getRemotePort())
                    .getBytes(StandardCharsets.US_ASCII);
            response.setContentType("text/plain");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}

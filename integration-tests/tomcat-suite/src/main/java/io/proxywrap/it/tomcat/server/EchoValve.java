package io.proxywrap.it.tomcat.server;

import io.proxywrap.it.server.echo.EchoText;
import io.proxywrap.it.server.echo.EchoedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Answers every request itself with the {@link EchoText echo} of what Tomcat reports about it. A
 * valve rather than a servlet because its types ({@code org.apache.catalina.connector.Request}/
 * {@code Response}) are the same in the javax and jakarta lines, so one class file serves Tomcat
 * 9.0, 10.1 and 11.0. It declares only {@code IOException}: naming {@code ServletException} would
 * tie it to one namespace.
 */
public final class EchoValve extends ValveBase {

    public EchoValve() {
        // Async is irrelevant here, but a valve must say; true keeps async servlets elsewhere usable.
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException {
        String echo = EchoText.of(new Echoed(request));
        byte[] bytes = echo.getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(bytes.length);
        PrintWriter writer = response.getWriter();
        writer.write(echo);
        writer.flush();
    }

    /** What Tomcat's own request object reports. */
    private record Echoed(Request request) implements EchoedRequest {
        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String uri() {
            return request.getRequestURI();
        }

        @Override
        public String protocol() {
            return request.getProtocol();
        }

        @Override
        public String remoteAddr() {
            return request.getRemoteAddr();
        }

        @Override
        public int remotePort() {
            return request.getRemotePort();
        }

        @Override
        public String remoteHost() {
            return request.getRemoteHost();
        }

        @Override
        public String localAddr() {
            return request.getLocalAddr();
        }

        @Override
        public int localPort() {
            return request.getLocalPort();
        }

        @Override
        public boolean secure() {
            return request.isSecure();
        }

        @Override
        public String scheme() {
            return request.getScheme();
        }

        @Override
        public Object attribute(String name) {
            return request.getAttribute(name);
        }

        /**
         * Through the reader, because {@code getInputStream()} returns a javax or jakarta type;
         * read as ISO-8859-1, each char is one byte of the body.
         */
        @Override
        public InputStream body() throws IOException {
            request.setCharacterEncoding(StandardCharsets.ISO_8859_1.name());
            return EchoText.latin1Bytes(request.getReader());
        }
    }
}

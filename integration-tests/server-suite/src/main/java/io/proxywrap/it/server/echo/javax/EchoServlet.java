package io.proxywrap.it.server.echo.javax;

import io.proxywrap.it.server.echo.EchoText;
import io.proxywrap.it.server.echo.EchoedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The echo through the servlet API, as most applications see the request: Jetty 9.4 and 10,
 * Undertow 2.2 (javax). Its jakarta twin is {@code ...echo.jakarta.EchoServlet}; the format is
 * EchoText's.
 */
public final class EchoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] echo = EchoText.of(new Echoed(request)).getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(echo.length);
        response.getOutputStream().write(echo);
    }

    private static final class Echoed implements EchoedRequest {
        private final HttpServletRequest request;

        Echoed(HttpServletRequest request) {
            this.request = request;
        }

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

        @Override
        public InputStream body() throws IOException {
            return request.getInputStream();
        }
    }
}

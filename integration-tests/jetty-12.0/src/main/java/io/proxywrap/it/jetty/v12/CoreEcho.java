package io.proxywrap.it.jetty.v12;

import io.proxywrap.it.server.echo.EchoText;
import io.proxywrap.it.server.echo.EchoedRequest;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The echo through Jetty 12's core API, for the paths under {@value #PREFIX}; every other request
 * goes on to the handler it wraps. What core applications call: {@code Request.getRemoteAddr(request)},
 * {@code Request.getRemotePort}, {@code Request.getLocalAddr/Port}, {@code request.isSecure()}, the
 * URI's scheme, {@code request.getAttribute}.
 */
public final class CoreEcho extends Handler.Wrapper {

    public static final String PREFIX = "/core/";

    public CoreEcho(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!request.getHttpURI().getPath().startsWith(PREFIX)) {
            return super.handle(request, response, callback);
        }
        byte[] echo = EchoText.of(new Echoed(request)).getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=UTF-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(echo.length));
        response.write(true, ByteBuffer.wrap(echo), callback);
        return true;
    }

    private record Echoed(Request request) implements EchoedRequest {
        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String uri() {
            return request.getHttpURI().getPath();
        }

        @Override
        public String protocol() {
            return request.getConnectionMetaData().getProtocol();
        }

        @Override
        public String remoteAddr() {
            return Request.getRemoteAddr(request);
        }

        @Override
        public int remotePort() {
            return Request.getRemotePort(request);
        }

        /** The core API has no host name of its own; ee10's getRemoteHost() is this same call. */
        @Override
        public String remoteHost() {
            return Request.getRemoteAddr(request);
        }

        @Override
        public String localAddr() {
            return Request.getLocalAddr(request);
        }

        @Override
        public int localPort() {
            return Request.getLocalPort(request);
        }

        @Override
        public boolean secure() {
            return request.isSecure();
        }

        @Override
        public String scheme() {
            return request.getHttpURI().getScheme();
        }

        @Override
        public Object attribute(String name) {
            return request.getAttribute(name);
        }

        @Override
        public InputStream body() {
            return Content.Source.asInputStream(request);
        }
    }
}

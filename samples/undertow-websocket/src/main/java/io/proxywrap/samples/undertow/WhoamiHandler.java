package io.proxywrap.samples.undertow;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * {@code GET /whoami}: what this request reports, one {@code name: value} per line. The lines are
 * named as in the Tomcat and Jetty samples, after the servlet methods; here each is the core API's
 * equivalent, which Undertow's servlet layer reads too: {@code getRemoteAddr}/{@code getRemotePort}
 * are {@code exchange.getSourceAddress()}, {@code getLocalAddr}/{@code getLocalPort}
 * {@code getDestinationAddress()}, {@code getScheme} {@code getRequestScheme()}, {@code isSecure}
 * {@code isSecure()}, and the {@code proxywrap.*} attributes are the connector's request
 * attributes ({@code HttpServerExchange.REQUEST_ATTRIBUTES}), which servlets see as request attributes.
 */
final class WhoamiHandler implements HttpHandler {

    /** The request attributes proxywrap may set, in this fixed order, so the output reads the same on every server. */
    private static final String[] PROXYWRAP_ATTRIBUTES = {
        "proxywrap.proxy.address", "proxywrap.proxy.port", "proxywrap.version", "proxywrap.alpn",
        "proxywrap.authority", "proxywrap.unique_id", "proxywrap.ssl.version", "proxywrap.ssl.cipher",
        "proxywrap.ssl.cn", "proxywrap.aws.vpce_id", "proxywrap.azure.link_id", "proxywrap.gcp.psc_connection_id",
    };

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        InetSocketAddress remote = exchange.getSourceAddress();
        InetSocketAddress local = exchange.getDestinationAddress();
        StringBuilder out = new StringBuilder()
                .append("getRemoteAddr: ").append(literal(remote)).append('\n')
                .append("getRemotePort: ").append(remote.getPort()).append('\n')
                .append("getLocalAddr: ").append(literal(local)).append('\n')
                .append("getLocalPort: ").append(local.getPort()).append('\n')
                .append("getScheme: ").append(exchange.getRequestScheme()).append('\n')
                .append("isSecure: ").append(exchange.isSecure()).append('\n');
        Map<String, String> attributes = exchange.getAttachment(HttpServerExchange.REQUEST_ATTRIBUTES);
        for (String name : PROXYWRAP_ATTRIBUTES) {
            String value = attributes == null ? null : attributes.get(name);
            if (value != null) {
                out.append(name).append(": ").append(value).append('\n');
            }
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain;charset=UTF-8");
        exchange.getResponseSender().send(out.toString());
    }

    /** The address as a literal: getHostName would look it up in DNS. */
    static String literal(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }
}

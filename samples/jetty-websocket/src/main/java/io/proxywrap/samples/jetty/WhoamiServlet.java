package io.proxywrap.samples.jetty;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/** {@code GET /whoami}: what this request reports, one {@code name: value} per line. */
final class WhoamiServlet extends HttpServlet {

    /**
     * The request attributes proxywrap may set, asked for by name in this fixed order, so the
     * output reads the same on every server (Jetty would list them in
     * {@code getAttributeNames()} too, among its own).
     */
    private static final String[] PROXYWRAP_ATTRIBUTES = {
        "proxywrap.proxy.address", "proxywrap.proxy.port", "proxywrap.version", "proxywrap.alpn",
        "proxywrap.authority", "proxywrap.unique_id", "proxywrap.ssl.version", "proxywrap.ssl.cipher",
        "proxywrap.ssl.cn", "proxywrap.aws.vpce_id", "proxywrap.azure.link_id", "proxywrap.gcp.psc_connection_id",
    };

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("getRemoteAddr: " + request.getRemoteAddr());
        out.println("getRemotePort: " + request.getRemotePort());
        out.println("getLocalAddr: " + request.getLocalAddr());
        out.println("getLocalPort: " + request.getLocalPort());
        out.println("getScheme: " + request.getScheme());
        out.println("isSecure: " + request.isSecure());
        for (String name : PROXYWRAP_ATTRIBUTES) {
            Object value = request.getAttribute(name);
            if (value != null) {
                out.println(name + ": " + value);
            }
        }
    }
}

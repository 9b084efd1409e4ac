package io.proxywrap.samples.jetty;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code GET /}: the WebSocket echo page, {@code index.html} next to this class. Mapped as the
 * default servlet ({@code /}), so any other path is a 404. {@code /echo} never gets here: Jetty's
 * WebSocket upgrade filter, on every path, answers the upgrade first.
 */
final class PageServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/".equals(request.getServletPath())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType("text/html;charset=UTF-8");
        try (InputStream page = PageServlet.class.getResourceAsStream("index.html");
                OutputStream out = response.getOutputStream()) {
            page.transferTo(out);
        }
    }
}

package io.proxywrap.it.tomcat.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Answers every request itself with what Tomcat reports about it, as {@code key=value} lines
 * ending with {@value #END}. A valve rather than a servlet because its types
 * ({@code org.apache.catalina.connector.Request}/{@code Response}) are the same in the javax and
 * jakarta lines, so one class file serves Tomcat 9.0, 10.1 and 11.0. It declares only
 * {@code IOException}: naming {@code ServletException} would tie it to one namespace.
 */
public final class EchoValve extends ValveBase {

    /** The last line of every echo, so that responses concatenated by curl can be told apart. */
    public static final String END = "end";

    /** BRIEF §2: every attribute the agent may set; each is echoed when present. */
    public static final List<String> ATTRIBUTES = List.of(
            "proxywrap.proxy.address", "proxywrap.proxy.port", "proxywrap.version", "proxywrap.alpn",
            "proxywrap.authority", "proxywrap.unique_id", "proxywrap.ssl.version", "proxywrap.ssl.cipher",
            "proxywrap.ssl.cn", "proxywrap.aws.vpce_id", "proxywrap.azure.link_id",
            "proxywrap.gcp.psc_connection_id");

    public EchoValve() {
        // Async is irrelevant here, but a valve must say; true keeps async servlets elsewhere usable.
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException {
        StringBuilder echo = new StringBuilder();
        line(echo, "method", request.getMethod());
        line(echo, "uri", request.getRequestURI());
        line(echo, "protocol", request.getProtocol());
        line(echo, "remoteAddr", request.getRemoteAddr());
        line(echo, "remotePort", request.getRemotePort());
        line(echo, "remoteHost", request.getRemoteHost());
        line(echo, "localAddr", request.getLocalAddr());
        line(echo, "localPort", request.getLocalPort());
        line(echo, "secure", request.isSecure());
        line(echo, "scheme", request.getScheme());
        for (String name : ATTRIBUTES) {
            Object value = request.getAttribute(name);
            if (value != null) {
                // The contract says plain Strings, readable from any class loader; say if not.
                line(echo, name, value instanceof String ? value : "NOT A STRING: " + value.getClass().getName());
            }
        }
        if ("POST".equals(request.getMethod())) {
            body(echo, request);
        }
        echo.append(END).append('\n');

        byte[] bytes = echo.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(bytes.length);
        PrintWriter writer = response.getWriter();
        writer.write(echo.toString());
        writer.flush();
    }

    /**
     * Reads the whole body and reports its length and CRC32. Through the reader, because
     * {@code getInputStream()} returns a javax or jakarta type; ISO-8859-1 maps each byte to the
     * char of the same value, so the chars are the bytes.
     */
    private static void body(StringBuilder echo, Request request) throws IOException {
        request.setCharacterEncoding(StandardCharsets.ISO_8859_1.name());
        BufferedReader reader = request.getReader();
        CRC32 crc = new CRC32();
        char[] chars = new char[8192];
        byte[] bytes = new byte[chars.length];
        long length = 0;
        for (int n; (n = reader.read(chars)) >= 0; ) {
            for (int i = 0; i < n; i++) {
                bytes[i] = (byte) chars[i];
            }
            crc.update(bytes, 0, n);
            length += n;
        }
        line(echo, "bodyLength", length);
        line(echo, "bodyCrc32", Long.toHexString(crc.getValue()));
    }

    private static void line(StringBuilder echo, String key, Object value) {
        echo.append(key).append('=').append(value).append('\n');
    }
}

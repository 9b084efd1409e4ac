package io.proxywrap.it.server.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The echo every echo server answers with: what the server reported about the request, as
 * {@code key=value} lines ending with {@value #END}. Written once here for every family, so
 * that the tests parse one format.
 */
public final class EchoText {

    /** The last line of every echo, so that responses concatenated by curl can be told apart. */
    public static final String END = "end";

    /** BRIEF §2: every attribute the agent may set; each is echoed when present. */
    public static final List<String> ATTRIBUTES = List.of(
            "proxywrap.proxy.address", "proxywrap.proxy.port", "proxywrap.version", "proxywrap.alpn",
            "proxywrap.authority", "proxywrap.unique_id", "proxywrap.ssl.version", "proxywrap.ssl.cipher",
            "proxywrap.ssl.cn", "proxywrap.aws.vpce_id", "proxywrap.azure.link_id",
            "proxywrap.gcp.psc_connection_id");

    private EchoText() {
    }

    /**
     * The echo of {@code request}: method, uri, protocol, remoteAddr, remotePort, remoteHost,
     * localAddr, localPort, secure, scheme, the proxywrap.* attributes present, and for a POST the
     * body's length and CRC32 (every byte read, so a lost or doubled byte shows).
     */
    public static String of(EchoedRequest request) throws IOException {
        StringBuilder echo = new StringBuilder();
        line(echo, "method", request.method());
        line(echo, "uri", request.uri());
        line(echo, "protocol", request.protocol());
        line(echo, "remoteAddr", request.remoteAddr());
        line(echo, "remotePort", request.remotePort());
        line(echo, "remoteHost", request.remoteHost());
        line(echo, "localAddr", request.localAddr());
        line(echo, "localPort", request.localPort());
        line(echo, "secure", request.secure());
        line(echo, "scheme", request.scheme());
        for (String name : ATTRIBUTES) {
            Object value = request.attribute(name);
            if (value != null) {
                // The contract says plain Strings, readable from any class loader; say if not.
                line(echo, name, value instanceof String ? value : "NOT A STRING: " + value.getClass().getName());
            }
        }
        if ("POST".equals(request.method())) {
            CRC32 crc = new CRC32();
            long length = 0;
            byte[] buffer = new byte[8192];
            try (InputStream body = request.body()) {
                for (int n; (n = body.read(buffer)) >= 0; ) {
                    crc.update(buffer, 0, n);
                    length += n;
                }
            }
            line(echo, "bodyLength", length);
            line(echo, "bodyCrc32", Long.toHexString(crc.getValue()));
        }
        return echo.append(END).append('\n').toString();
    }

    /**
     * The bytes of a body read as ISO-8859-1 text, which maps each byte to the char of the same
     * value: for a server API whose only namespace-free way to the body is a reader.
     */
    public static InputStream latin1Bytes(Reader reader) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return reader.read();
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                char[] chars = new char[length];
                int n = reader.read(chars, 0, length);
                for (int i = 0; i < n; i++) {
                    bytes[offset + i] = (byte) chars[i];
                }
                return n;
            }
        };
    }

    private static void line(StringBuilder echo, String key, Object value) {
        echo.append(key).append('=').append(value).append('\n');
    }
}

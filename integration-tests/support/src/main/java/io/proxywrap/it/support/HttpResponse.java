package io.proxywrap.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 response read off a raw socket, byte by byte up to the end of its head so that a
 * pipelined second response stays in the stream for the next read. Bodies are framed by
 * Content-Length or chunked encoding, else read to end of stream; everything is bounded.
 */
public record HttpResponse(String statusLine, int status, Map<String, String> headers, byte[] body) {

    /** Larger than any head a test server sends; stops a runaway read. */
    private static final int MAX_HEAD = 64 * 1024;
    /** Larger than any body the tests expect back; echoes are small. */
    private static final int MAX_BODY = 16 * 1024 * 1024;

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A header's value by its name in any case, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Reads the next response from {@code in} (which should be buffered); fails on end of stream
     * before a complete head.
     */
    public static HttpResponse read(InputStream in) throws IOException {
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        String statusLine = lines[0];
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        int status = Integer.parseInt(parts[1]);
        byte[] body;
        String length = headers.get("content-length");
        if (status == 101 || status == 204 || status == 304) {
            body = new byte[0];
        } else if (length != null) {
            body = readExactly(in, Integer.parseInt(length));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunked(in);
        } else {
            body = readToEnd(in);
        }
        return new HttpResponse(statusLine, status, headers, body);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0; // how much of CRLFCRLF the last bytes were
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream after " + head.size() + " bytes of a response head: "
                        + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            if (head.size() > MAX_HEAD) {
                throw new IOException("response head longer than " + MAX_HEAD + " bytes");
            }
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        if (length > MAX_BODY) {
            throw new IOException("Content-Length " + length + " over " + MAX_BODY);
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new IOException("end of stream after " + body.length + " of " + length + " body bytes");
        }
        return body;
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers: none expected, skipped up to the empty line
                }
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY) {
                throw new IOException("chunked body over " + MAX_BODY);
            }
            body.writeBytes(readExactly(in, size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream in a chunked body");
            }
            if (b == '\n') {
                return line.toString().replace("\r", "");
            }
            if (line.length() > MAX_HEAD) {
                throw new IOException("chunk line longer than " + MAX_HEAD);
            }
            line.append((char) b);
        }
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new IOException("unframed body over " + MAX_BODY);
        }
        return body;
    }
}

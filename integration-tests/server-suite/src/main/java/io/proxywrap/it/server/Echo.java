package io.proxywrap.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.server.echo.EchoText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One response of an echo server ({@link EchoText}): what the server reported about the request. */
public record Echo(Map<String, String> fields) {

    /** Parses one echo body, which must end with the end line. */
    public static Echo parse(String body) {
        List<Echo> all = parseAll(body);
        assertEquals(1, all.size(), "exactly one echo in:\n" + body);
        return all.get(0);
    }

    /** Parses echoes written one after another (curl prints each response of a run in turn). */
    public static List<Echo> parseAll(String text) {
        List<Echo> echoes = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            if (line.equals(EchoText.END)) {
                echoes.add(new Echo(fields));
                fields = new LinkedHashMap<>();
            } else if (!line.isEmpty()) {
                int eq = line.indexOf('=');
                assertTrue(eq > 0, "not an echo line: " + line + " in:\n" + text);
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertTrue(fields.isEmpty(), "an echo without its end line in:\n" + text);
        return echoes;
    }

    public String get(String key) {
        return fields.get(key);
    }

    /**
     * getRemoteAddr/Port are the client's, and getRemoteHost is the same address (as the family
     * writes it there, {@link ServerFamily#remoteHostText}): lookups are off by default, so no DNS
     * is asked about an address from a header.
     */
    public Echo assertRemote(String address, int port) {
        assertEquals(address, get("remoteAddr"), this::toString);
        assertEquals(Integer.toString(port), get("remotePort"), this::toString);
        assertEquals(ServerFamily.underTest().remoteHostText(address), get("remoteHost"), this::toString);
        return this;
    }

    public Echo assertLocal(String address, int port) {
        assertEquals(address, get("localAddr"), this::toString);
        assertEquals(Integer.toString(port), get("localPort"), this::toString);
        return this;
    }

    /** isSecure() and getScheme() together. */
    public Echo assertScheme(String scheme) {
        assertEquals(scheme, get("scheme"), this::toString);
        assertEquals(Boolean.toString(scheme.equals("https")), get("secure"), this::toString);
        return this;
    }

    public Echo assertField(String key, String value) {
        assertEquals(value, get(key), () -> key + " in " + this);
        return this;
    }

    /** No attribute named proxywrap.*: the connection had no header, or the agent left it alone. */
    public Echo assertNoProxywrapAttributes() {
        for (String key : fields.keySet()) {
            assertFalse(key.startsWith("proxywrap."), () -> "unexpected " + key + " in " + this);
        }
        return this;
    }

    @Override
    public String toString() {
        return "echo " + fields;
    }
}

package io.proxywrap.it.standalone;

import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code whoami.jsp} reported: its {@code key=value} lines. */
record WhoAmI(Map<String, String> fields, String raw) {

    static WhoAmI parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : body.split("\r?\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return new WhoAmI(fields, body);
    }

    /** A field's value; the JSP prints {@code null} for an attribute that is not set. */
    String get(String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new AssertionError("whoami.jsp printed no " + key + ":\n" + raw);
        }
        return value;
    }

    String remoteAddr() {
        return get("remoteAddr");
    }

    int remotePort() {
        return Integer.parseInt(get("remotePort"));
    }

    String localAddr() {
        return get("localAddr");
    }

    int localPort() {
        return Integer.parseInt(get("localPort"));
    }

    boolean secure() {
        return Boolean.parseBoolean(get("secure"));
    }

    String scheme() {
        return get("scheme");
    }

    String proxywrapVersion() {
        return get("proxywrap.version");
    }

    String proxyAddress() {
        return get("proxywrap.proxy.address");
    }

    String proxyPort() {
        return get("proxywrap.proxy.port");
    }
}

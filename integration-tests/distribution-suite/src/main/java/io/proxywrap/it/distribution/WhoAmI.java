package io.proxywrap.it.distribution;

import java.util.LinkedHashMap;
import java.util.Map;

/** The page every distribution serves, {@link #JSP}, and what it reported: its {@code key=value} lines. */
public record WhoAmI(Map<String, String> fields, String raw) {

    /** Where the page is deployed: the root webapp. */
    public static final String PAGE = "/whoami.jsp";

    /**
     * Namespace-neutral JSP (no servlet API import), so the same page runs on javax (Tomcat 9.0)
     * and jakarta (Tomcat 10.1, 11.0; Jetty 12's ee10). It is compiled by the server's Jasper and
     * run in the webapp's class loader, which must see the agent's attributes as plain Strings.
     */
    public static final String JSP = ""
            + "<%@ page contentType=\"text/plain; charset=US-ASCII\" session=\"false\" trimDirectiveWhitespaces=\"true\" %>\n"
            + "remoteAddr=<%= request.getRemoteAddr() %>\n"
            + "remotePort=<%= request.getRemotePort() %>\n"
            + "localAddr=<%= request.getLocalAddr() %>\n"
            + "localPort=<%= request.getLocalPort() %>\n"
            + "secure=<%= request.isSecure() %>\n"
            + "scheme=<%= request.getScheme() %>\n"
            + "proxywrap.version=<%= request.getAttribute(\"proxywrap.version\") %>\n"
            + "proxywrap.proxy.address=<%= request.getAttribute(\"proxywrap.proxy.address\") %>\n"
            + "proxywrap.proxy.port=<%= request.getAttribute(\"proxywrap.proxy.port\") %>\n";

    public static WhoAmI parse(String body) {
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
    public String get(String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new AssertionError("whoami.jsp printed no " + key + ":\n" + raw);
        }
        return value;
    }

    public String remoteAddr() {
        return get("remoteAddr");
    }

    public int remotePort() {
        return Integer.parseInt(get("remotePort"));
    }

    public String localAddr() {
        return get("localAddr");
    }

    public int localPort() {
        return Integer.parseInt(get("localPort"));
    }

    public boolean secure() {
        return Boolean.parseBoolean(get("secure"));
    }

    public String scheme() {
        return get("scheme");
    }

    public String proxywrapVersion() {
        return get("proxywrap.version");
    }

    public String proxyAddress() {
        return get("proxywrap.proxy.address");
    }

    public String proxyPort() {
        return get("proxywrap.proxy.port");
    }
}

package io.proxywrap.it.server.echo;

import java.net.InetSocketAddress;

/**
 * What the echo WebSocket endpoints answer to the text {@value #QUESTION}: the remote address
 * their session reports, as {@code address port} written by the JDK (not by Jetty), so that a
 * test compares the session's own value. Every other text is echoed. JDK types only, for the
 * endpoints of every namespace and API.
 */
public final class WhoAmI {

    public static final String QUESTION = "whoami";

    private WhoAmI() {
    }

    /**
     * The reply to {@code text}: the echo, or for {@value #QUESTION} {@code remote} (a session's
     * remote address, whatever its declared type) written as {@code address port}.
     */
    public static String reply(String text, Object remote) {
        if (!QUESTION.equals(text)) {
            return text;
        }
        if (remote instanceof InetSocketAddress) {
            InetSocketAddress address = (InetSocketAddress) remote;
            return address.getAddress().getHostAddress() + " " + address.getPort();
        }
        return "not an InetSocketAddress: " + remote;
    }
}

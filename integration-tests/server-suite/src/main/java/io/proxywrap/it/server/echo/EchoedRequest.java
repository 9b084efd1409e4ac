package io.proxywrap.it.server.echo;

import java.io.IOException;
import java.io.InputStream;

/**
 * What a server's request API reports about a request, read through that API by an adapter of
 * the server's own (a Tomcat valve, a servlet, a Jetty core handler) for {@link EchoText}.
 * JDK types only, so the one format serves every family, line and namespace.
 */
public interface EchoedRequest {

    String method();

    /** The path, without the query. */
    String uri();

    String protocol();

    String remoteAddr();

    int remotePort();

    String remoteHost();

    String localAddr();

    int localPort();

    boolean secure();

    String scheme();

    /** A request attribute by name, or null. */
    Object attribute(String name);

    /** The request body, read once, by POST echoes only. */
    InputStream body() throws IOException;
}

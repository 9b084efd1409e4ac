package io.proxywrap.it.jetty.server;

import java.security.KeyStore;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The TLS connection factory as Jetty 10, 11 and 12 make it: their SslConnectionFactory takes an
 * {@code SslContextFactory.Server}, where 9.4's takes the base class (so 9.4's main makes its
 * own). Separate from {@link JettyEchoServer} so that nothing loads it on 9.4.
 */
public final class JettySsl {

    private JettySsl() {
    }

    public static ConnectionFactory connectionFactory(KeyStore keyStore, String password, String next) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStorePassword(password);
        return new SslConnectionFactory(ssl, next);
    }
}

package io.proxywrap.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.core.codec.ProxyProtocolException;
import io.proxywrap.core.config.ProxywrapConfig;
import io.proxywrap.server.jetty.JettyAdapter;
import io.proxywrap.server.tomcat.TomcatAdapter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.tomcat.util.net.Nio2Endpoint;
import org.apache.tomcat.util.net.NioEndpoint;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

class AgentHooksTest {

    @Test
    void aConnectionToAConfiguredPortGetsState() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            assertNotNull(hooks(connection.port()).accepted(connection.accepted));
        }
    }

    @Test
    void aConnectionToAnyOtherPortIsLeftAlone() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            assertNull(hooks(connection.port() == 1 ? 2 : 1).accepted(connection.accepted));
        }
    }

    @Test
    void aClosedChannelIsLeftAlone() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            connection.accepted.close();
            assertNull(hooks(connection.port()).accepted(connection.accepted));
        }
    }

    @Test
    void anAjpConnectorOnAConfiguredPortIsExcluded() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            AgentHooks hooks = hooks(connection.port());
            hooks.listenerBound(new NioEndpoint(), "ajp-nio-" + connection.port(), connection.port());
            assertNull(hooks.accepted(connection.accepted), "AJP runs on NioEndpoint, but is not a PROXY sender's peer");
        }
    }

    @Test
    void anHttpNioConnectorAndAnNio2OneKeepTheirPortsConfigured() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            AgentHooks hooks = hooks(connection.port());
            hooks.listenerBound(new NioEndpoint(), "http-nio-" + connection.port(), connection.port());
            // An NIO2 connector never reaches our read hooks, so there is nothing to exclude.
            hooks.listenerBound(new Nio2Endpoint(), "http-nio2-" + connection.port(), connection.port());
            assertNotNull(hooks.accepted(connection.accepted));
        }
    }

    @Test
    void theTrustListIsCheckedAgainstTheRealPeer() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            Properties properties = new Properties();
            properties.setProperty("proxywrap.ports", Integer.toString(connection.port()));
            properties.setProperty("proxywrap.trusted", "10.0.0.0/8");
            AgentHooks hooks = new AgentHooks(ProxywrapConfig.load(null, properties, Map.of()),
                    List.of(new TomcatAdapter()));
            ProxiedConnection state = hooks.accepted(connection.accepted);

            ByteBuffer dst = ByteBuffer.wrap("PROXY TCP4 203.0.113.7 198.51.100.1 4242 443\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            dst.position(dst.limit());
            ProxyProtocolException e = assertThrows(ProxyProtocolException.class, () -> state.afterRead(dst, dst.limit()));
            assertEquals(ProxyProtocolException.Reason.UNTRUSTED, e.reason());
        }
    }

    /** Jetty reads PROXY headers itself on such a port: a header must be taken out exactly once. */
    @Test
    void aJettyConnectorWithItsOwnProxyConnectionFactoryIsLeftToJetty() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            AgentHooks hooks = hooks(connection.port());
            Server server = new Server();
            hooks.listenerBound(new ServerConnector(server, new ProxyConnectionFactory(), new HttpConnectionFactory()),
                    null, connection.port());
            assertNull(hooks.accepted(connection.accepted));
        }
    }

    @Test
    void aPlainJettyConnectorKeepsItsPortConfigured() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            AgentHooks hooks = hooks(connection.port());
            hooks.listenerBound(new ServerConnector(new Server()), "main", connection.port());
            assertNotNull(hooks.accepted(connection.accepted));
        }
    }

    /**
     * A listener that reports itself twice (Jetty's open() runs again when the application
     * opened the connector first) is one listener: the second report changes nothing.
     */
    @Test
    void aSecondReportOfTheSameListenerAndPortIsIgnored() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            AgentHooks hooks = hooks(connection.port());
            NioEndpoint ajp = new NioEndpoint();
            hooks.listenerBound(ajp, "ajp-nio-" + connection.port(), connection.port());
            hooks.listenerBound(ajp, "ajp-nio-" + connection.port(), connection.port());
            assertNull(hooks.accepted(connection.accepted));
        }
    }

    private static AgentHooks hooks(int configuredPort) {
        Properties properties = new Properties();
        properties.setProperty("proxywrap.ports", Integer.toString(configuredPort));
        return new AgentHooks(ProxywrapConfig.load(null, properties, Map.of()),
                List.of(new TomcatAdapter(), new JettyAdapter()));
    }
}

package io.proxywrap.server.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.agent.ServerAdapter;
import io.proxywrap.agent.WovenType;
import io.proxywrap.agent.weave.ClassFiles;
import io.proxywrap.agent.weave.ClassWeaver;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.protocol.ajp.AjpOpenListener;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.proxy.ProxyProtocolOpenListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * Every plan fits the Undertow and XNIO the agent compiles against (2.2, 3.8), and every template
 * it names keeps the rules of a template; and what the start-up line says about a listener, for
 * listeners bound by a real XNIO worker around Undertow's own open listeners, named as
 * {@code UndertowHooks.listening} names them. The integration tests run the woven classes on each
 * supported line.
 */
class UndertowAdapterTest {

    private static XnioWorker worker;
    private static final DefaultByteBufferPool BUFFERS = new DefaultByteBufferPool(false, 1024);

    @BeforeAll
    static void startWorker() throws IOException {
        worker = Xnio.getInstance(UndertowAdapterTest.class.getClassLoader()).createWorker(OptionMap.EMPTY);
    }

    @AfterAll
    static void stopWorker() {
        worker.shutdownNow();
    }

    @Test
    void everyPlanWeavesTheUndertowOnTheClassPath() {
        ClassLoader loader = UndertowAdapterTest.class.getClassLoader();
        List<String> woven = new ArrayList<String>();
        for (WovenType type : new UndertowAdapter().wovenTypes()) {
            byte[] original = ClassFiles.read(loader, type.name());
            assertNotNull(original, type.name());
            byte[] changed = ClassWeaver.weave(type.planFor(loader), original);
            assertFalse(Arrays.equals(original, changed), type.name());
            woven.add(type.name().substring(type.name().lastIndexOf('.') + 1));
        }
        assertEquals(Arrays.asList("NioXnioWorker", "NioSocketStreamConnection", "NioSocketConduit",
                "UndertowSslConnection", "AbstractFramedChannel", "ServerConnection", "AbstractServerConnection",
                "Http2ServerConnection", "HttpServerExchange"), woven);
    }

    @Test
    void aPlainListenerReadsHeaders() throws IOException {
        ServerAdapter.Listener listener = describe(new HttpOpenListener(BUFFERS));
        assertNull(listener.leftAloneBecause());
        assertEquals("Undertow 2.2.38.Final: listener", listener.description());
    }

    @Test
    void aListenerWithUndertowsOwnProxySupportIsLeftToUndertow() throws IOException {
        ServerAdapter.Listener listener = describe(
                new ProxyProtocolOpenListener(new HttpOpenListener(BUFFERS), null, BUFFERS, OptionMap.EMPTY));
        assertEquals("has Undertow's own PROXY protocol support (setUseProxyProtocol), which reads PROXY headers"
                + " itself: proxywrap leaves the port to it", listener.leftAloneBecause());
    }

    @Test
    void anAjpListenerIsLeftAlone() throws IOException {
        ServerAdapter.Listener listener = describe(new AjpOpenListener(BUFFERS));
        assertTrue(listener.leftAloneBecause().startsWith("is an AJP listener"), listener::leftAloneBecause);
    }

    @Test
    void anythingElseIsNotUndertows() {
        assertNull(new UndertowAdapter().describe(new Object(), "Accepting listener for x"));
    }

    private static ServerAdapter.Listener describe(ChannelListener<? super StreamConnection> openListener)
            throws IOException {
        ChannelListener<AcceptingChannel<StreamConnection>> acceptListener = ChannelListeners.openListenerAdapter(openListener);
        AcceptingChannel<StreamConnection> server = worker.createStreamConnectionServer(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), acceptListener, OptionMap.EMPTY);
        try {
            return new UndertowAdapter().describe(server, acceptListener.toString());
        } finally {
            server.close();
        }
    }
}

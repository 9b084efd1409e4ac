package io.proxywrap.server.undertow;

import static io.proxywrap.agent.weave.MethodHook.atEntry;
import static io.proxywrap.agent.weave.MethodHook.atExit;
import static io.proxywrap.agent.weave.MethodHook.replacingArgument;
import static io.proxywrap.agent.weave.MethodHook.replacingReturn;

import io.proxywrap.agent.ReportedAddressHooks;
import io.proxywrap.agent.ServerAdapter;
import io.proxywrap.agent.WovenType;
import io.proxywrap.agent.weave.ClassPlan;
import io.proxywrap.agent.weave.Value;
import io.proxywrap.bootstrap.ConnectionSlot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Undertow 2.2, 2.3 and 2.4 on XNIO 3.8's NIO transport, plain and TLS listeners, HTTP/1.1,
 * HTTP/2 (h2, h2c), WebSocket, and whatever sits above: the core {@code HttpHandler} API and
 * Undertow's servlet container. Checked by {@link UndertowGate}; the code paths are in
 * docs/how_it_works.md#undertow.
 *
 * <p>Woven with plain ASM ({@code io.proxywrap.agent.weave}); the hooks' code is
 * {@link UndertowHooks} and {@link ReportedAddressHooks}.
 * <ol>
 *   <li>Accept: XNIO's {@code NioSocketStreamConnection} constructor puts the connection's state
 *       on it, which gains a field and {@link ConnectionSlot}, and arms the header's deadline,
 *       kept in a second field.</li>
 *   <li>Raw read: the two {@code SocketChannel.read} calls of {@code NioSocketConduit} (single
 *       and scattering) go through the bridge, with the state found on the conduit's
 *       {@code connection} field. TLS ({@code SslConduit}), HTTP/1.1, HTTP/2 and WebSocket all
 *       read through that conduit, so the header goes below them. Its third way in,
 *       {@code transferTo(FileChannel)}, is only reached for a request body, long after the
 *       header.</li>
 *   <li>Addresses: the connection's {@code getPeerAddress()} and {@code getLocalAddress()}, which
 *       every layer above asks live.</li>
 *   <li>Scheme and attributes: {@code HttpServerExchange.setRequestScheme}, which finds the state
 *       on the request's {@code ServerConnection}, copied there by the constructors of the
 *       objects that wrap the socket's connection.</li>
 *   <li>Listeners: {@code NioXnioWorker.createTcpConnectionServer}; the end of a connection:
 *       its {@code closeAction()}.</li>
 * </ol>
 */
public final class UndertowAdapter implements ServerAdapter {

    /** The header's deadline task ({@code XnioExecutor.Key}) on the socket's connection. */
    private static final String HEADER_TIMER_FIELD = "proxywrap$headerTimer";

    private static final String XNIO_WORKER = "org.xnio.nio.NioXnioWorker";
    private static final String SOCKET_CONDUIT = "org.xnio.nio.NioSocketConduit";
    /** XNIO's servers: 3.8 makes a {@code QueuedNioTcpServer2} around a {@code NioTcpServer}. */
    private static final Set<String> XNIO_SERVERS = new HashSet<String>(
            Arrays.asList("org.xnio.nio.QueuedNioTcpServer2", "org.xnio.nio.NioTcpServer"));
    /** What the accept listener of a listener with {@code setUseProxyProtocol(true)} calls. */
    private static final String NATIVE_PROXY_OPEN_LISTENER = "io.undertow.server.protocol.proxy.ProxyProtocolOpenListener";
    /** AJP comes from a web server, not a balancer; left alone as on Tomcat. */
    private static final String AJP_OPEN_LISTENER = "io.undertow.server.protocol.ajp.AjpOpenListener";

    private static final String SSL_CONNECTION = "io.undertow.protocols.ssl.UndertowSslConnection";
    private static final String FRAMED_CHANNEL = "io.undertow.server.protocol.framed.AbstractFramedChannel";
    private static final String SERVER_CONNECTION = "io.undertow.server.ServerConnection";
    private static final String HTTP11_SERVER_CONNECTION = "io.undertow.server.AbstractServerConnection";
    private static final String HTTP2_SERVER_CONNECTION = "io.undertow.server.protocol.http2.Http2ServerConnection";
    private static final String EXCHANGE = "io.undertow.server.HttpServerExchange";

    private static final String SOCKET_ADDRESS_GETTER = "()Ljava/net/SocketAddress;";

    private final UndertowGate gate = new UndertowGate();

    @Override
    public List<WovenType> wovenTypes() {
        Value self = Value.self();
        ClassPlan worker = plan()
                .hook(replacingReturn("createTcpConnectionServer", "(Ljava/net/InetSocketAddress;Lorg/xnio/ChannelListener;"
                        + "Lorg/xnio/OptionMap;)Lorg/xnio/channels/AcceptingChannel;", "listening", Value.argument(1)))
                .build();
        ClassPlan socketConnection = plan()
                .connectionSlot()
                .objectField(HEADER_TIMER_FIELD)
                .hook(atExit("<init>", UndertowGate.ACCEPT, "accepted", self, Value.argument(1), Value.argument(2))
                        .storingResultIn(HEADER_TIMER_FIELD))
                .hook(replacingReturn("getPeerAddress", SOCKET_ADDRESS_GETTER, "remoteAddress", self))
                .hook(replacingReturn("getLocalAddress", SOCKET_ADDRESS_GETTER, "localAddress", self))
                .hook(atEntry("closeAction", "()V", "closing", self, Value.objectField(HEADER_TIMER_FIELD)))
                .build();
        ClassPlan conduit = plan()
                .rawReads("read", Value.field("connection", "Lorg/xnio/nio/NioSocketStreamConnection;"))
                .build();
        // Every constructor of a wrapper takes the connection it wraps first.
        ClassPlan slotAndWrapper = plan()
                .connectionSlot()
                .hook(atExit("<init>", null, "wrapped", self, Value.argument(0)))
                .build();
        ClassPlan slot = plan()
                .connectionSlot()
                .build();
        ClassPlan wrapper = plan()
                .hook(atExit("<init>", null, "wrapped", self, Value.argument(0)))
                .build();
        ClassPlan exchange = plan()
                .hook(replacingArgument("setRequestScheme", "(Ljava/lang/String;)Lio/undertow/server/HttpServerExchange;",
                        0, "requestScheme", Value.argument(0), self, Value.field("requestScheme", "Ljava/lang/String;")))
                .build();
        List<WovenType> types = new ArrayList<WovenType>();
        types.add(WovenType.gated(XNIO_WORKER, gate::supports, worker));
        types.add(WovenType.gated(UndertowGate.SOCKET_CONNECTION, gate::supports, socketConnection));
        types.add(WovenType.gated(SOCKET_CONDUIT, gate::supports, conduit));
        types.add(WovenType.gated(SSL_CONNECTION, gate::supports, slotAndWrapper));
        types.add(WovenType.gated(FRAMED_CHANNEL, gate::supports, slotAndWrapper));
        types.add(WovenType.gated(SERVER_CONNECTION, gate::supports, slot));
        types.add(WovenType.gated(HTTP11_SERVER_CONNECTION, gate::supports, wrapper));
        types.add(WovenType.gated(HTTP2_SERVER_CONNECTION, gate::supports, wrapper));
        types.add(WovenType.gated(EXCHANGE, gate::supports, exchange));
        return types;
    }

    private static ClassPlan.Builder plan() {
        return ClassPlan.withTemplates(UndertowHooks.class, ReportedAddressHooks.class);
    }

    @Override
    public Listener describe(Object listener, String listenerName) {
        if (!XNIO_SERVERS.contains(listener.getClass().getName())) {
            return null;
        }
        // The accept listener's name only tells the kind of listener: XNIO writes it with an
        // identity hash, and TLS listeners have none, so the line names the server and the port.
        String description = UndertowGate.describe(listener.getClass().getClassLoader()) + ": listener";
        if (listenerName != null && listenerName.contains(NATIVE_PROXY_OPEN_LISTENER)) {
            return Listener.handledByServer(description,
                    "has Undertow's own PROXY protocol support (setUseProxyProtocol)");
        }
        if (listenerName != null && listenerName.contains(AJP_OPEN_LISTENER)) {
            return Listener.notCovered(description, "is an AJP listener", true);
        }
        return Listener.covered(description);
    }
}

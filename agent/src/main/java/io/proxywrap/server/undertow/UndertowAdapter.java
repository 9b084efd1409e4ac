package io.proxywrap.server.undertow;

import static io.proxywrap.agent.Transformers.advice;
import static io.proxywrap.agent.Transformers.connectionSlot;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.proxywrap.agent.InstrumentedTypes;
import io.proxywrap.agent.RawReadSubstitution;
import io.proxywrap.agent.ReportedAddressAdvice;
import io.proxywrap.agent.ServerAdapter;
import io.proxywrap.bootstrap.ConnectionSlot;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.modifier.Visibility;

/**
 * Undertow 2.2, 2.3 and 2.4 on XNIO 3.8's NIO transport, plain and TLS listeners, HTTP/1.1,
 * HTTP/2 (h2, h2c), WebSocket, and whatever sits above: the core {@code HttpHandler} API and
 * Undertow's servlet container. Checked by {@link UndertowGate}; the code paths are in
 * docs/how_it_works.md#undertow.
 *
 * <ol>
 *   <li>Accept: {@link AcceptAdvice} puts the connection's state on XNIO's
 *       {@code NioSocketStreamConnection}, which gains a field and {@link ConnectionSlot}, and
 *       arms the header's deadline.</li>
 *   <li>Raw read: the two {@code SocketChannel.read} calls of {@code NioSocketConduit} (single
 *       and scattering), through {@link RawReadSubstitution}, with the state found on the
 *       conduit's {@code connection} field. TLS ({@code SslConduit}), HTTP/1.1, HTTP/2 and
 *       WebSocket all read through that conduit, so the header goes below them. Its third way
 *       in, {@code transferTo(FileChannel)}, is only reached for a request body, long after
 *       the header.</li>
 *   <li>Addresses: {@link ReportedAddressAdvice} on the connection's {@code getPeerAddress()}
 *       and {@code getLocalAddress()}, which every layer above asks live.</li>
 *   <li>Scheme and attributes: {@link RequestSchemeAdvice}, which finds the state on the
 *       request's {@code ServerConnection}, copied there by {@link WrapperAdvice}.</li>
 *   <li>Listeners: {@link ListenerAdvice}; the end of a connection: {@link CloseAdvice}.</li>
 * </ol>
 */
public final class UndertowAdapter implements ServerAdapter {

    /** The header's deadline task ({@code XnioExecutor.Key}) on the socket's connection. */
    static final String HEADER_TIMER_FIELD = "proxywrap$headerTimer";

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

    private final UndertowGate gate = new UndertowGate();
    /** Every class {@link #instrument} names, declared without Byte Buddy (see {@link InstrumentedTypes}). */
    private final InstrumentedTypes instrumentedTypes = new InstrumentedTypes(Arrays.asList(
            XNIO_WORKER, UndertowGate.SOCKET_CONNECTION, SOCKET_CONDUIT, SSL_CONNECTION, FRAMED_CHANNEL,
            SERVER_CONNECTION, HTTP11_SERVER_CONNECTION, HTTP2_SERVER_CONNECTION, EXCHANGE));

    @Override
    public AgentBuilder instrument(AgentBuilder builder) {
        return builder
                .type(gated(XNIO_WORKER))
                .transform(advice().advice(named("createTcpConnectionServer").and(takesArguments(3)),
                        ListenerAdvice.class.getName()))
                .type(gated(UndertowGate.SOCKET_CONNECTION))
                .transform(connectionSlot())
                .transform((type, description, loader, module, domain) -> type
                        .defineField(HEADER_TIMER_FIELD, Object.class, Visibility.PRIVATE))
                .transform(advice()
                        .advice(isConstructor().and(takesArguments(3)), AcceptAdvice.class.getName())
                        .advice(named("getPeerAddress").and(takesArguments(0)), ReportedAddressAdvice.Remote.class.getName())
                        .advice(named("getLocalAddress").and(takesArguments(0)), ReportedAddressAdvice.Local.class.getName())
                        .advice(named("closeAction").and(takesArguments(0)), CloseAdvice.class.getName()))
                .type(gated(SOCKET_CONDUIT))
                .transform((type, description, loader, module, domain) -> type.visit(RawReadSubstitution.inMethods(
                        RawReadSubstitution.Owner.field("connection"), named("read"))))
                .type(gated(SSL_CONNECTION, FRAMED_CHANNEL, SERVER_CONNECTION))
                .transform(connectionSlot())
                .type(gated(SSL_CONNECTION, FRAMED_CHANNEL, HTTP11_SERVER_CONNECTION, HTTP2_SERVER_CONNECTION))
                .transform(advice().advice(isConstructor(), WrapperAdvice.class.getName()))
                .type(gated(EXCHANGE))
                .transform(advice().advice(named("setRequestScheme").and(takesArguments(String.class)),
                        RequestSchemeAdvice.class.getName()));
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

    @Override
    public Set<String> instrumentedTypes() {
        return instrumentedTypes.names();
    }

    /** Matches these types in a supported Undertow. */
    private AgentBuilder.RawMatcher gated(String... typeNames) {
        return instrumentedTypes.gated(gate::supports, typeNames);
    }
}

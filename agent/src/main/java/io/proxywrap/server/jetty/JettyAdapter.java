package io.proxywrap.server.jetty;

import static io.proxywrap.agent.Transformers.advice;
import static io.proxywrap.agent.Transformers.connectionSlot;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.proxywrap.agent.InstrumentedTypes;
import io.proxywrap.agent.RawReadSubstitution;
import io.proxywrap.agent.ReportedAddressAdvice;
import io.proxywrap.agent.ServerAdapter;
import io.proxywrap.bootstrap.ConnectionSlot;
import io.proxywrap.server.jetty.v10.HttpChannelRequestAdvice;
import io.proxywrap.server.jetty.v12.ChannelRequestUriAdvice;
import io.proxywrap.server.jetty.v12.ChannelStateRequestAdvice;
import io.proxywrap.server.jetty.v12.ConnectionSecureAdvice;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.modifier.Visibility;

/**
 * Jetty 9.4, 10.0, 11.0, 12.0 and 12.1, {@code ServerConnector} (plain, TLS, HTTP/1.1, HTTP/2,
 * h2c, WebSocket), whatever sits above it: servlets of every namespace and the 12 core API. The
 * hooks are per {@link JettyLine}, checked against each line's class files by {@link JettyGate};
 * the code paths are in docs/how_it_works.md and docs/research/jetty-hooks.md.
 *
 * <ol>
 *   <li>Accept: {@link EndPointAcceptAdvice} puts the connection's state on the socket's end
 *       point, which gains a field and {@link ConnectionSlot}; TLS's wrapper of it gets the
 *       same state ({@link SslWrapperAdvice}).</li>
 *   <li>Raw read: the one {@code SocketChannel.read} of each line, in the end point's
 *       {@code fill(ByteBuffer)}, through {@link RawReadSubstitution}: TLS, protocol detection
 *       and HTTP/2 all read through {@code fill}, so the header goes below them.</li>
 *   <li>Addresses: {@link ReportedAddressAdvice}, and on 12 {@link ConnectionAddressAdvice}
 *       for the copies its connections keep; scheme and attributes: per line (9.4
 *       {@link Jetty94RequestAdvice}, 10/11 {@link HttpChannelRequestAdvice}, 12
 *       {@link ChannelStateRequestAdvice}, {@link ChannelRequestUriAdvice} and
 *       {@link ConnectionSecureAdvice}); listeners: {@link ConnectorOpenAdvice}; a header that
 *       never comes: {@link HeaderTimeoutAdvice}.</li>
 * </ol>
 */
public final class JettyAdapter implements ServerAdapter {

    private static final String SERVER_CONNECTOR = "org.eclipse.jetty.server.ServerConnector";
    private static final String IDLE_TIMEOUT = "org.eclipse.jetty.io.IdleTimeout";
    private static final String SSL_CONNECTION = "org.eclipse.jetty.io.ssl.SslConnection";
    /** 9.4 to 11: the per-request channel of HTTP/1.1 and HTTP/2 alike. */
    private static final String HTTP_CHANNEL = "org.eclipse.jetty.server.HttpChannel";
    /** 12: the same role, and the request it makes. */
    private static final String HTTP_CHANNEL_STATE = "org.eclipse.jetty.server.internal.HttpChannelState";
    private static final String CHANNEL_REQUEST = HTTP_CHANNEL_STATE + "$ChannelRequest";
    private static final String CONNECTION_META_DATA = "org.eclipse.jetty.server.ConnectionMetaData";
    /** 12: the connections that copy the end point's addresses when they are built. */
    private static final String META_DATA_CONNECTION = "org.eclipse.jetty.server.AbstractMetaDataConnection";
    private static final String HTTP2_SERVER_CONNECTION = "org.eclipse.jetty.http2.server.internal.HTTP2ServerConnection";


    private final JettyGate gate = new JettyGate();
    private final InstrumentedTypes instrumentedTypes = new InstrumentedTypes(instrumentedTypeNames());

    /** Every class {@link #instrument} names, in any line; declared without Byte Buddy ({@link InstrumentedTypes}). */
    private static List<String> instrumentedTypeNames() {
        List<String> names = new ArrayList<String>(Arrays.asList(SERVER_CONNECTOR, JettyGate.SERVER_CONNECTOR_MANAGER,
                IDLE_TIMEOUT, SSL_CONNECTION, HTTP_CHANNEL, HTTP_CHANNEL_STATE, CHANNEL_REQUEST, CONNECTION_META_DATA,
                META_DATA_CONNECTION, HTTP2_SERVER_CONNECTION));
        for (JettyLine line : JettyLine.values()) {
            names.add(line.socketEndPoint);
            names.add(line.channelEndPoint);
            names.add(line.sslWrapper);
        }
        return names;
    }

    @Override
    public AgentBuilder instrument(AgentBuilder builder) {
        for (JettyLine line : JettyLine.values()) {
            builder = instrument(builder, line);
        }
        return builder;
    }

    private AgentBuilder instrument(AgentBuilder builder, JettyLine line) {
        AgentBuilder.Identified.Extendable socketEndPoint = builder
                .type(gated(line, SERVER_CONNECTOR))
                .transform(advice().advice(named("open").and(takesArguments(0)), ConnectorOpenAdvice.class.getName()))
                .type(gated(line, JettyGate.SERVER_CONNECTOR_MANAGER))
                .transform(advice().advice(named("newEndPoint").and(not(isBridge())).and(takesArguments(3)),
                        EndPointAcceptAdvice.class.getName()))
                .type(gated(line, line.socketEndPoint))
                .transform(connectionSlot())
                .transform((type, description, loader, module, domain) -> type.visit(RawReadSubstitution.inMethods(
                        RawReadSubstitution.Owner.instrumentedObject(),
                        named("fill").and(takesArguments(ByteBuffer.class)))))
                .transform(advice().advice(named(line.remoteAddressGetter).and(takesArguments(0)),
                        ReportedAddressAdvice.Remote.class.getName()));
        builder = socketEndPoint
                .type(gated(line, line.channelEndPoint))
                .transform(advice()
                        .advice(named(line.localAddressGetter).and(takesArguments(0)), ReportedAddressAdvice.Local.class.getName())
                        .advice(named("doClose").and(takesArguments(0)), HeaderTimeoutAdvice.Close.class.getName()))
                .type(gated(line, IDLE_TIMEOUT))
                .transform(advice().advice(named("getIdleTimeout").and(takesArguments(0)),
                        HeaderTimeoutAdvice.IdleTime.class.getName()))
                .type(gated(line, line.sslWrapper))
                .transform(connectionSlot())
                .type(gated(line, SSL_CONNECTION))
                .transform(advice().advice(isConstructor(), (line == JettyLine.JETTY_12
                        ? SslWrapperAdvice.SslEndPoint.class : SslWrapperAdvice.DecryptedEndPoint.class).getName()));
        switch (line) {
            case JETTY_9_4:
                return builder.type(gated(line, HTTP_CHANNEL)).transform(onRequest(Jetty94RequestAdvice.class));
            case JETTY_10:
                return builder.type(gated(line, HTTP_CHANNEL)).transform(onRequest(HttpChannelRequestAdvice.class));
            default:
                return builder
                        .type(gated(line, HTTP_CHANNEL_STATE))
                        .transform(onRequest(ChannelStateRequestAdvice.class))
                        .type(gated(line, CHANNEL_REQUEST))
                        .transform((type, description, loader, module, domain) -> type
                                .defineField(ChannelRequestUriAdvice.FIELD, Object.class, Visibility.PRIVATE))
                        .transform(advice().advice(named("getHttpURI").and(takesArguments(0)),
                                ChannelRequestUriAdvice.class.getName()))
                        .type(gated(line, CONNECTION_META_DATA))
                        .transform(advice().advice(named("isSecure").and(takesArguments(0)),
                                ConnectionSecureAdvice.class.getName()))
                        .type(gated(line, META_DATA_CONNECTION, HTTP2_SERVER_CONNECTION))
                        .transform(advice()
                                .advice(named("getRemoteSocketAddress").and(takesArguments(0)),
                                        ConnectionAddressAdvice.Remote.class.getName())
                                .advice(named("getLocalSocketAddress").and(takesArguments(0)),
                                        ConnectionAddressAdvice.Local.class.getName()));
        }
    }

    @Override
    public Listener describe(Object listener, String listenerName) {
        if (!isServerConnector(listener.getClass())) {
            return null;
        }
        List<?> protocols;
        try {
            protocols = (List<?>) listener.getClass().getMethod("getProtocols").invoke(listener);
        } catch (ReflectiveOperationException | RuntimeException e) {
            protocols = Collections.emptyList();
        }
        String description = JettyGate.describe(listener.getClass().getClassLoader()) + ": connector "
                + (listenerName != null ? "\"" + listenerName + "\" " : "") + protocols;
        for (Object protocol : protocols) {
            // ProxyConnectionFactory is "[proxy]" in every line, also nested in a detector ("[[proxy]|ssl]").
            if (String.valueOf(protocol).contains("proxy")) {
                return Listener.handledByServer(description, "has Jetty's own ProxyConnectionFactory");
            }
        }
        return Listener.covered(description);
    }

    private static boolean isServerConnector(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(SERVER_CONNECTOR)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Set<String> instrumentedTypes() {
        return instrumentedTypes.names();
    }

    private static AgentBuilder.Transformer onRequest(Class<?> adviceClass) {
        return advice().advice(named("onRequest").and(takesArguments(1)), adviceClass.getName());
    }

    /** Matches these types in a Jetty of {@code line}. */
    private AgentBuilder.RawMatcher gated(JettyLine line, String... typeNames) {
        return instrumentedTypes.gated(loader -> gate.lineOf(loader) == line, typeNames);
    }

}

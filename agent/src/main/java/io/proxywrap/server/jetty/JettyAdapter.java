package io.proxywrap.server.jetty;

import static io.proxywrap.agent.weave.MethodHook.atEntry;
import static io.proxywrap.agent.weave.MethodHook.atExit;
import static io.proxywrap.agent.weave.MethodHook.replacingReturn;

import io.proxywrap.agent.ReportedAddressHooks;
import io.proxywrap.agent.ServerAdapter;
import io.proxywrap.agent.WovenType;
import io.proxywrap.agent.weave.ClassPlan;
import io.proxywrap.agent.weave.Value;
import io.proxywrap.bootstrap.ConnectionSlot;
import io.proxywrap.server.jetty.v10.Jetty10Hooks;
import io.proxywrap.server.jetty.v12.Jetty12Hooks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jetty 9.4, 10.0, 11.0, 12.0 and 12.1, {@code ServerConnector} (plain, TLS, HTTP/1.1, HTTP/2,
 * h2c, WebSocket), whatever sits above it: servlets of every namespace and the 12 core API. The
 * hooks are per {@link JettyLine}, checked against each line's class files by {@link JettyGate};
 * the code paths are in docs/how_it_works.md and docs/research/jetty-hooks.md.
 *
 * <p>Woven with plain ASM ({@code io.proxywrap.agent.weave}); the hooks' code is
 * {@link JettyHooks} and {@link ReportedAddressHooks} on every line, and each line's request
 * hooks ({@link Jetty94Hooks}, {@link Jetty10Hooks}, {@link Jetty12Hooks}).
 * <ol>
 *   <li>Accept: {@code ServerConnectorManager.newEndPoint} puts the connection's state on the
 *       socket's end point, which gains a field and {@link ConnectionSlot}; TLS's wrapper of it
 *       gets the same state when {@code SslConnection} is built.</li>
 *   <li>Raw read: the one {@code SocketChannel.read} of each line, in the end point's
 *       {@code fill(ByteBuffer)}, goes through the bridge: TLS, protocol detection and HTTP/2 all
 *       read through {@code fill}, so the header goes below them.</li>
 *   <li>Addresses: the end point's getters, and on 12 those of the connections that copy them;
 *       scheme and attributes: per line, where a request is received (and on 12 its URI and
 *       {@code ConnectionMetaData.isSecure()}); listeners: {@code ServerConnector.open()}; a
 *       header that never comes: {@code IdleTimeout.getIdleTimeout()}, and the end point's
 *       {@code doClose()} for the counters.</li>
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
    /** Added to 12's {@code ChannelRequest}: the URI it reports ({@code Jetty12Hooks.requestUri}). */
    private static final String REQUEST_URI_FIELD = "proxywrap$httpURI";

    private static final String ON_REQUEST = "(Lorg/eclipse/jetty/http/MetaData$Request;)";
    private static final String SOCKET_ADDRESS_GETTER = "()Ljava/net/SocketAddress;";

    private final JettyGate gate = new JettyGate();

    @Override
    public List<WovenType> wovenTypes() {
        Map<String, Map<JettyLine, ClassPlan>> plans = new LinkedHashMap<String, Map<JettyLine, ClassPlan>>();
        for (JettyLine line : JettyLine.values()) {
            for (Map.Entry<String, ClassPlan> plan : plansOf(line).entrySet()) {
                Map<JettyLine, ClassPlan> byLine = plans.get(plan.getKey());
                if (byLine == null) {
                    byLine = new EnumMap<JettyLine, ClassPlan>(JettyLine.class);
                    plans.put(plan.getKey(), byLine);
                }
                byLine.put(line, plan.getValue());
            }
        }
        List<WovenType> types = new ArrayList<WovenType>();
        for (Map.Entry<String, Map<JettyLine, ClassPlan>> type : plans.entrySet()) {
            Map<JettyLine, ClassPlan> byLine = type.getValue();
            types.add(new WovenType(type.getKey(), loader -> {
                JettyLine line = gate.lineOf(loader);
                return line == null ? null : byLine.get(line);
            }));
        }
        return types;
    }

    /** The classes a Jetty of {@code line} weaves, with their plans. */
    static Map<String, ClassPlan> plansOf(JettyLine line) {
        Class<?> lineHooks = line == JettyLine.JETTY_9_4 ? Jetty94Hooks.class
                : line == JettyLine.JETTY_10 ? Jetty10Hooks.class : Jetty12Hooks.class;
        // 9.4's socket end point is also where the local address and the close are: one plan.
        Map<String, ClassPlan.Builder> builders = new LinkedHashMap<String, ClassPlan.Builder>();
        Value self = Value.self();
        plan(builders, lineHooks, SERVER_CONNECTOR)
                .hook(atExit("open", "()V", "opened", self));
        plan(builders, lineHooks, JettyGate.SERVER_CONNECTOR_MANAGER)
                .hook(replacingReturn("newEndPoint", line.acceptDescriptor(), "accepted", Value.argument(0)));
        plan(builders, lineHooks, line.socketEndPoint)
                .connectionSlot()
                .rawReads("fill", self)
                .hook(replacingReturn(line.remoteAddressGetter, line.addressGetterDescriptor(), "remoteAddress", self));
        plan(builders, lineHooks, line.channelEndPoint)
                .hook(replacingReturn(line.localAddressGetter, line.addressGetterDescriptor(), "localAddress", self))
                .hook(atEntry("doClose", "()V", "closing", self));
        plan(builders, lineHooks, IDLE_TIMEOUT)
                .hook(replacingReturn("getIdleTimeout", "()J", "idleTimeout", self));
        plan(builders, lineHooks, line.sslWrapper)
                .connectionSlot();
        plan(builders, lineHooks, SSL_CONNECTION)
                .hook(atExit("<init>", null, "sslWrapped", self,
                        Value.field(line.sslWrapperField, line.sslWrapperDescriptor())));
        if (line != JettyLine.JETTY_12) {
            Value[] channelFields = {
                Value.field("_endPoint", "Lorg/eclipse/jetty/io/EndPoint;"),
                Value.field("_request", "Lorg/eclipse/jetty/server/Request;")};
            plan(builders, lineHooks, HTTP_CHANNEL)
                    .hook(atExit("onRequest", ON_REQUEST + "V", "requestScheme", channelFields))
                    .hook(atExit("onRequest", ON_REQUEST + "V", "requestAttributes", channelFields));
        } else {
            plan(builders, lineHooks, HTTP_CHANNEL_STATE)
                    .hook(atExit("onRequest", ON_REQUEST + "Ljava/lang/Runnable;", "requestReceived", self,
                            Value.field("_request", "L" + CHANNEL_REQUEST.replace('.', '/') + ";")));
            plan(builders, lineHooks, CHANNEL_REQUEST)
                    .objectField(REQUEST_URI_FIELD)
                    .hook(replacingReturn("getHttpURI", "()Lorg/eclipse/jetty/http/HttpURI;", "requestUri", self,
                            Value.objectField(REQUEST_URI_FIELD)).storingResultIn(REQUEST_URI_FIELD));
            plan(builders, lineHooks, CONNECTION_META_DATA)
                    .hook(replacingReturn("isSecure", "()Z", "secure", self));
            for (String connection : new String[] {META_DATA_CONNECTION, HTTP2_SERVER_CONNECTION}) {
                plan(builders, lineHooks, connection)
                        .hook(replacingReturn("getRemoteSocketAddress", SOCKET_ADDRESS_GETTER, "connectionRemoteAddress",
                                self))
                        .hook(replacingReturn("getLocalSocketAddress", SOCKET_ADDRESS_GETTER, "connectionLocalAddress",
                                self));
            }
        }
        Map<String, ClassPlan> plans = new LinkedHashMap<String, ClassPlan>();
        for (Map.Entry<String, ClassPlan.Builder> builder : builders.entrySet()) {
            plans.put(builder.getKey(), builder.getValue().build());
        }
        return plans;
    }

    private static ClassPlan.Builder plan(Map<String, ClassPlan.Builder> builders, Class<?> lineHooks, String type) {
        ClassPlan.Builder builder = builders.get(type);
        if (builder == null) {
            builder = ClassPlan.withTemplates(JettyHooks.class, ReportedAddressHooks.class, lineHooks);
            builders.put(type, builder);
        }
        return builder;
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
}

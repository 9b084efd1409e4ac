package io.proxywrap.server.tomcat;

import static io.proxywrap.agent.weave.MethodHook.answeringField;
import static io.proxywrap.agent.weave.MethodHook.atEntry;
import static io.proxywrap.agent.weave.MethodHook.atExit;
import static io.proxywrap.agent.weave.MethodHook.replacingReturn;

import io.proxywrap.agent.ServerAdapter;
import io.proxywrap.agent.WovenType;
import io.proxywrap.agent.weave.ClassPlan;
import io.proxywrap.agent.weave.Value;
import io.proxywrap.bootstrap.ConnectionSlot;
import java.util.ArrayList;
import java.util.List;

/**
 * Tomcat 9.0.27 to 11.0, NIO connector ({@code Http11NioProtocol}, the default), plain and JSSE
 * TLS, HTTP/1.1, HTTP/2 and WebSocket. The three lines share every hook below (verified against
 * 9.0.123, 10.1.61 and 11.0.27). The code paths before and after are in docs/how_it_works.md.
 *
 * <p>Woven with plain ASM ({@code io.proxywrap.agent.weave}); the hooks' code is
 * {@link TomcatHooks}.
 * <ol>
 *   <li>Accept: {@code NioChannel.reset} puts the connection's state on its
 *       {@code NioSocketWrapper}, which gains a field and {@link ConnectionSlot} for it.</li>
 *   <li>Raw reads: the {@code SocketChannel.read} calls in {@code NioChannel.read(..)} (plain) and
 *       in every method of {@code SecureNioChannel} (TLS: the SNI peek, the handshake and data
 *       reads all call {@code sc.read(netInBuffer)} themselves) go through the bridge, so the
 *       header goes below TLS.</li>
 *   <li>Addresses: the wrapper's {@code populate...()} methods; scheme and attributes: the
 *       processors; listeners: the endpoints' {@code bind()}; a header that never comes: the
 *       wrapper's {@code getLastRead()}, and its {@code doClose()} for the counters.</li>
 * </ol>
 */
public final class TomcatAdapter implements ServerAdapter {

    private static final String PACKAGE = "org.apache.tomcat.util.net.";
    private static final String SECURE_NIO_CHANNEL = PACKAGE + "SecureNioChannel";
    private static final String NIO_ENDPOINT = PACKAGE + "NioEndpoint";
    private static final String NIO2_ENDPOINT = PACKAGE + "Nio2Endpoint";
    /** The APR connector: only 9.0 still has it (removed in 10.1.0-M5); matched to warn about it. */
    private static final String APR_ENDPOINT = PACKAGE + "AprEndpoint";
    private static final String HTTP11_PROCESSOR = "org.apache.coyote.http11.Http11Processor";
    private static final String STREAM_PROCESSOR = "org.apache.coyote.http2.StreamProcessor";

    private static final String STRING = "Ljava/lang/String;";
    /** {@code NioChannel.reset(SocketChannel, NioSocketWrapper)}, the accept hook, since 9.0.27. */
    static final String RESET = "(Ljava/nio/channels/SocketChannel;Lorg/apache/tomcat/util/net/NioEndpoint$NioSocketWrapper;)V";

    private final TomcatLine line = new TomcatLine();

    @Override
    public List<WovenType> wovenTypes() {
        Value connection = Value.connectionSlot();
        ClassPlan socketWrapper = ClassPlan.withTemplates(TomcatHooks.class)
                .connectionSlot()
                .hook(answeringField("populateRemoteAddr", "()V", "remoteAddr", STRING, "remoteAddr", connection))
                .hook(answeringField("populateRemoteHost", "()V", "remoteHost", STRING, "remoteHost", connection))
                .hook(answeringField("populateRemotePort", "()V", "remotePort", "I", "remotePort", connection))
                .hook(answeringField("populateLocalAddr", "()V", "localAddr", STRING, "localAddr", connection))
                .hook(answeringField("populateLocalName", "()V", "localName", STRING, "localName", connection))
                .hook(answeringField("populateLocalPort", "()V", "localPort", "I", "localPort", connection))
                .hook(replacingReturn("getLastRead", "()J", "lastRead", Value.self(), connection))
                .hook(atEntry("doClose", "()V", "closing", connection))
                .build();
        // NioChannel.socketWrapper, which reset sets, carries the state for the raw reads.
        Value channelOwner = Value.field("socketWrapper", "L" + TomcatLine.NIO_SOCKET_WRAPPER.replace('.', '/') + ";");
        ClassPlan channel = ClassPlan.withTemplates(TomcatHooks.class)
                .hook(atExit("reset", RESET, "accepted", Value.argument(0), Value.argument(1)))
                .rawReads("read", channelOwner)
                .build();
        ClassPlan secureChannel = ClassPlan.withTemplates(TomcatHooks.class)
                .rawReads(null, channelOwner)
                .build();
        Value[] processorFields = {
            Value.field("socketWrapper", "Lorg/apache/tomcat/util/net/SocketWrapperBase;"),
            Value.field("request", "Lorg/apache/coyote/Request;")};
        ClassPlan http11Processor = ClassPlan.withTemplates(TomcatHooks.class)
                .hook(atExit("prepareRequest", "()V", "requestPrepared", processorFields))
                .build();
        ClassPlan streamProcessor = ClassPlan.withTemplates(TomcatHooks.class)
                .hook(atExit("validateRequest", "()Z", "requestPrepared", processorFields))
                .build();
        ClassPlan endpoint = ClassPlan.withTemplates(TomcatHooks.class)
                .hook(atExit("bind", "()V", "bound", Value.self()))
                .build();
        List<WovenType> types = new ArrayList<WovenType>();
        types.add(WovenType.gated(TomcatLine.NIO_SOCKET_WRAPPER, line::supports, socketWrapper));
        types.add(WovenType.gated(TomcatLine.NIO_CHANNEL, line::supports, channel));
        types.add(WovenType.gated(SECURE_NIO_CHANNEL, line::supports, secureChannel));
        types.add(WovenType.gated(HTTP11_PROCESSOR, line::supports, http11Processor));
        types.add(WovenType.gated(STREAM_PROCESSOR, line::supports, streamProcessor));
        for (String name : new String[] {NIO_ENDPOINT, NIO2_ENDPOINT, APR_ENDPOINT}) {
            types.add(WovenType.gated(name, line::supports, endpoint));
        }
        return types;
    }

    @Override
    public Listener describe(Object listener, String listenerName) {
        Class<?> listenerType = listener.getClass();
        if (!listenerType.getName().startsWith(PACKAGE)) {
            return null;
        }
        String description = TomcatLine.serverInfo(listenerType.getClassLoader()) + ": connector \"" + listenerName + "\"";
        if (listenerType.getName().equals(NIO_ENDPOINT)) {
            // AJP (AjpNioProtocol) runs on NioEndpoint too, so its reads pass our hooks; its peer
            // is a web server speaking AJP, never a PROXY sender. Its endpoint names start "ajp-".
            return listenerName != null && listenerName.startsWith("ajp-")
                    ? Listener.notCovered(description, "is an AJP connector", true)
                    : Listener.covered(description);
        }
        return Listener.notCovered(description, "uses " + listenerType.getSimpleName(), false);
    }
}

package io.proxywrap.server.tomcat;

import static io.proxywrap.agent.Transformers.advice;
import static io.proxywrap.agent.Transformers.connectionSlot;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.proxywrap.agent.InstrumentedTypes;
import io.proxywrap.agent.RawReadSubstitution;
import io.proxywrap.agent.ServerAdapter;
import io.proxywrap.bootstrap.ConnectionSlot;
import java.util.Arrays;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Tomcat 9.0.27 to 11.0, NIO connector ({@code Http11NioProtocol}, the default), plain and JSSE
 * TLS, HTTP/1.1, HTTP/2 and WebSocket. The three lines share every hook below (verified against
 * 9.0.123, 10.1.61 and 11.0.27). The code paths before and after are in docs/how_it_works.md.
 *
 * <ol>
 *   <li>Accept: {@link NioChannelResetAdvice} puts the connection's state on its
 *       {@code NioSocketWrapper}, which gains a field and {@link ConnectionSlot} for it.</li>
 *   <li>Raw reads: {@link RawReadSubstitution} in {@code NioChannel.read(..)} (plain) and in every
 *       method of {@code SecureNioChannel} (TLS: the SNI peek, the handshake and data reads all
 *       call {@code sc.read(netInBuffer)} themselves), so the header goes below TLS.</li>
 *   <li>Addresses: {@link SocketWrapperAddressAdvice}; scheme and attributes:
 *       {@link ProcessorRequestAdvice}; listeners: {@link EndpointBindAdvice}; a header that never
 *       comes: {@link HeaderTimeoutAdvice}.</li>
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

    /** Raw reads find the state on {@code NioChannel.socketWrapper}, which {@code reset} sets. */
    private static final RawReadSubstitution.Owner CHANNEL_OWNER = RawReadSubstitution.Owner.field("socketWrapper");

    private final TomcatLine line = new TomcatLine();
    /** Every class {@link #instrument} names, declared without Byte Buddy (see {@link InstrumentedTypes}). */
    private final InstrumentedTypes instrumentedTypes = new InstrumentedTypes(Arrays.asList(
            TomcatLine.NIO_SOCKET_WRAPPER, TomcatLine.NIO_CHANNEL, SECURE_NIO_CHANNEL, HTTP11_PROCESSOR,
            STREAM_PROCESSOR, NIO_ENDPOINT, NIO2_ENDPOINT, APR_ENDPOINT));

    @Override
    public AgentBuilder instrument(AgentBuilder builder) {
        return builder
                .type(gated(TomcatLine.NIO_SOCKET_WRAPPER))
                .transform(connectionSlot())
                .transform(advice()
                        .advice(named("populateRemoteAddr"), SocketWrapperAddressAdvice.RemoteAddr.class.getName())
                        .advice(named("populateRemoteHost"), SocketWrapperAddressAdvice.RemoteHost.class.getName())
                        .advice(named("populateRemotePort"), SocketWrapperAddressAdvice.RemotePort.class.getName())
                        .advice(named("populateLocalAddr"), SocketWrapperAddressAdvice.LocalAddr.class.getName())
                        .advice(named("populateLocalName"), SocketWrapperAddressAdvice.LocalName.class.getName())
                        .advice(named("populateLocalPort"), SocketWrapperAddressAdvice.LocalPort.class.getName())
                        .advice(named("getLastRead").and(takesArguments(0)), HeaderTimeoutAdvice.LastRead.class.getName())
                        .advice(named("doClose").and(takesArguments(0)), HeaderTimeoutAdvice.Close.class.getName()))
                .type(gated(TomcatLine.NIO_CHANNEL))
                .transform(advice().advice(named("reset").and(takesArguments(2))
                        .and(takesArgument(1, named(TomcatLine.NIO_SOCKET_WRAPPER))),
                        NioChannelResetAdvice.class.getName()))
                .transform((type, description, loader, module, domain) -> type
                        .visit(RawReadSubstitution.inMethods(CHANNEL_OWNER, named("read"))))
                .type(gated(SECURE_NIO_CHANNEL))
                .transform((type, description, loader, module, domain) -> type
                        .visit(RawReadSubstitution.inMethods(CHANNEL_OWNER, isMethod())))
                .type(gated(HTTP11_PROCESSOR))
                .transform(advice().advice(named("prepareRequest").and(takesArguments(0)),
                        ProcessorRequestAdvice.class.getName()))
                .type(gated(STREAM_PROCESSOR))
                .transform(advice().advice(named("validateRequest").and(takesArguments(0)),
                        ProcessorRequestAdvice.class.getName()))
                .type(gated(NIO_ENDPOINT, NIO2_ENDPOINT, APR_ENDPOINT))
                .transform(advice().advice(named("bind").and(takesArguments(0)), EndpointBindAdvice.class.getName()));
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

    @Override
    public Set<String> instrumentedTypes() {
        return instrumentedTypes.names();
    }

    /** Matches these types in a supported Tomcat. */
    private AgentBuilder.RawMatcher gated(String... typeNames) {
        return instrumentedTypes.gated(line::supports, typeNames);
    }

}

package io.proxywrap.server.jetty.v12;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

/**
 * Jetty 12: the scheme. A request's scheme is its URI's ({@code Request.isSecure()}, servlet
 * {@code getScheme()}, {@code getRequestURL()} and the default server port all read
 * {@code getHttpURI()}), fixed when the HTTP/1.1 or HTTP/2 layer parsed the request, in an
 * immutable URI inside a final field. So {@code ChannelRequest.getHttpURI()} returns a copy with
 * the connection's scheme, made on the first call and kept in a field the adapter adds
 * ({@value #FIELD}); a connection without one keeps Jetty's URI.
 */
public final class ChannelRequestUriAdvice {

    /** Added to {@code HttpChannelState$ChannelRequest}, typed {@code Object}: the URI to report. */
    public static final String FIELD = "proxywrap$httpURI";

    private ChannelRequestUriAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Request request,
            @Advice.FieldValue(value = FIELD, readOnly = false) Object reported,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) HttpURI uri) {
        if (reported == null) {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(
                    request.getConnectionMetaData().getConnection().getEndPoint());
            String scheme = connection == null ? null : connection.scheme();
            reported = scheme == null ? uri : HttpURI.build(uri).scheme(scheme).asImmutable();
        }
        uri = (HttpURI) reported;
    }
}

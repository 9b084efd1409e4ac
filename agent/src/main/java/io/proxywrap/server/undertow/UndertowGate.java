package io.proxywrap.server.undertow;

import io.proxywrap.agent.PerClassLoader;
import io.proxywrap.agent.ResourceProperties;
import io.proxywrap.agent.weave.ClassFiles;
import io.proxywrap.core.log.AgentLog;

/**
 * Whether a class loader holds an Undertow we support, read from its class files before any of
 * its classes, or of the XNIO beside it, is transformed. The hooks sit in both: the accept, raw
 * read, addresses and close in XNIO's NIO transport, the scheme and attributes in Undertow.
 * Undertow 2.2, 2.3 and 2.4 all ship XNIO 3.8 and have the same signatures for every hook
 * (docs/how_it_works.md#undertow), so there is one set of hooks and no per-line split.
 *
 * <p>Three checks: Undertow's own version ({@code Version.getVersionString()} reads the same file)
 * must be of a line we test, XNIO's must be 3.8, and the accept hook must have the shape XNIO 3.8
 * gives it. Anything else (Undertow 2.1 runs on XNIO 3.8.0, 2.0 on 3.3) is left entirely
 * untouched, and the log says so once. XNIO without Undertow beside it (a JBoss Remoting client)
 * is not ours and is left alone silently.
 */
final class UndertowGate {

    static final String SUPPORTED_RANGE = "Undertow 2.2 to 2.4";
    /** XNIO's accepted (and connected) socket; its third constructor argument tells them apart. */
    static final String SOCKET_CONNECTION = "org.xnio.nio.NioSocketStreamConnection";
    /** Its accepting constructor, the accept hook. */
    static final String ACCEPT = "(Lorg/xnio/nio/WorkerThread;Ljava/nio/channels/SelectionKey;Lorg/xnio/nio/ChannelClosed;)V";
    private static final String UNDERTOW_VERSION = "io/undertow/version.properties";
    private static final String XNIO_NIO_VERSION = "org/xnio/nio/Version.properties";

    private final PerClassLoader<Boolean> supported = new PerClassLoader<Boolean>(UndertowGate::inspect, Boolean.FALSE);

    /** Whether {@code loader} holds an Undertow and XNIO that proxywrap covers. */
    boolean supports(ClassLoader loader) {
        return supported.get(loader);
    }

    /** {@code Undertow 2.3.24.Final}, for log lines. */
    static String describe(ClassLoader loader) {
        String version = ResourceProperties.read(loader, UNDERTOW_VERSION, "undertow.version");
        return version != null ? "Undertow " + version : "Undertow";
    }

    private static Boolean inspect(ClassLoader loader) {
        String undertow = ResourceProperties.read(loader, UNDERTOW_VERSION, "undertow.version");
        if (undertow == null) {
            return Boolean.FALSE;
        }
        String xnio = ResourceProperties.read(loader, XNIO_NIO_VERSION, "version");
        if (!isSupportedLine(undertow) || xnio == null || !xnio.startsWith("3.8.") || !hasAcceptHook(loader)) {
            AgentLog.warn(describe(loader) + (xnio != null ? " on XNIO " + xnio : "") + " is outside what proxywrap"
                    + " supports (" + SUPPORTED_RANGE + "): it is left untouched");
            return Boolean.FALSE;
        }
        return Boolean.TRUE;
    }

    static boolean isSupportedLine(String version) {
        return version.startsWith("2.2.") || version.startsWith("2.3.") || version.startsWith("2.4.");
    }

    /**
     * {@code NioSocketStreamConnection(WorkerThread, SelectionKey, ChannelClosed)}: the server
     * passes its handle as the third argument, a client connect passes null
     * ({@code UndertowHooks.accepted}).
     */
    private static boolean hasAcceptHook(ClassLoader loader) {
        byte[] connection = ClassFiles.read(loader, SOCKET_CONNECTION);
        return connection != null && ClassFiles.declaresMethod(connection, "<init>", ACCEPT);
    }
}

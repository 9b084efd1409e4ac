package io.proxywrap.server.jetty;

/**
 * The Jetty lines whose hooks differ, and the classes each one declares them in (verified with
 * {@code javap} on 9.4.58, 10.0.26, 11.0.26, 12.0.40 and 12.1.14; docs/research/jetty-hooks.md
 * has the code paths). 10.0 and 11.0 differ only in the servlet namespace, 12.0 and 12.1 not
 * where we hook.
 */
enum JettyLine {

    /** 9.4: one end point class, {@code ChannelEndPoint}, reads, reports both addresses and closes. */
    JETTY_9_4("org.eclipse.jetty.io.ChannelEndPoint", "org.eclipse.jetty.io.ChannelEndPoint",
            "getRemoteAddress", "getLocalAddress", "_decryptedEndPoint", "org.eclipse.jetty.io.ssl.SslConnection$DecryptedEndPoint"),
    /**
     * 10.0 and 11.0: {@code SocketChannelEndPoint} reads and reports the peer, its superclass
     * {@code SelectableChannelEndPoint} (shared with UDP) the local address and the close.
     */
    JETTY_10("org.eclipse.jetty.io.SocketChannelEndPoint", "org.eclipse.jetty.io.SelectableChannelEndPoint",
            "getRemoteSocketAddress", "getLocalSocketAddress", "_decryptedEndPoint",
            "org.eclipse.jetty.io.ssl.SslConnection$DecryptedEndPoint"),
    /** 12.0 and 12.1: the end points of 10, TLS's wrapper renamed, and a new request model. */
    JETTY_12("org.eclipse.jetty.io.SocketChannelEndPoint", "org.eclipse.jetty.io.SelectableChannelEndPoint",
            "getRemoteSocketAddress", "getLocalSocketAddress", "_sslEndPoint",
            "org.eclipse.jetty.io.ssl.SslConnection$SslEndPoint");

    /** The end point {@code ServerConnector} makes per accepted socket: it gets the slot and reads. */
    final String socketEndPoint;
    /** Where {@code getLocal(Socket)Address()} and {@code doClose()} are declared. */
    final String channelEndPoint;
    final String remoteAddressGetter;
    final String localAddressGetter;
    /** {@code SslConnection}'s field holding the decrypted end point that the layers above use. */
    final String sslWrapperField;
    final String sslWrapper;

    JettyLine(String socketEndPoint, String channelEndPoint, String remoteAddressGetter, String localAddressGetter,
            String sslWrapperField, String sslWrapper) {
        this.socketEndPoint = socketEndPoint;
        this.channelEndPoint = channelEndPoint;
        this.remoteAddressGetter = remoteAddressGetter;
        this.localAddressGetter = localAddressGetter;
        this.sslWrapperField = sslWrapperField;
        this.sslWrapper = sslWrapper;
    }

    /** The descriptor of the address getters: 9.4's return {@code InetSocketAddress}, 10's on {@code SocketAddress}. */
    String addressGetterDescriptor() {
        return this == JETTY_9_4 ? "()Ljava/net/InetSocketAddress;" : "()Ljava/net/SocketAddress;";
    }

    /**
     * {@code ServerConnectorManager.newEndPoint(SelectableChannel, ManagedSelector, SelectionKey)},
     * the accept hook, returning this line's socket end point (not the bridge method that
     * returns {@code EndPoint}, which calls it).
     */
    String acceptDescriptor() {
        return "(Ljava/nio/channels/SelectableChannel;Lorg/eclipse/jetty/io/ManagedSelector;"
                + "Ljava/nio/channels/SelectionKey;)" + internal(socketEndPoint);
    }

    /** The JVM type of {@link #sslWrapperField}. */
    String sslWrapperDescriptor() {
        return internal(sslWrapper);
    }

    private static String internal(String binaryName) {
        return "L" + binaryName.replace('.', '/') + ";";
    }

    /** The line of a Jetty version string such as {@code 9.4.58.v20250814} or {@code 12.1.14}, or null. */
    static JettyLine of(String version) {
        if (version == null) {
            return null;
        }
        if (version.startsWith("9.4.")) {
            return JETTY_9_4;
        }
        if (version.startsWith("10.0.") || version.startsWith("11.0.")) {
            return JETTY_10;
        }
        if (version.startsWith("12.0.") || version.startsWith("12.1.")) {
            return JETTY_12;
        }
        return null;
    }
}

package io.proxywrap.cli;

import io.proxywrap.core.codec.ProxyHeaderDecoder;
import io.proxywrap.core.codec.ProxyProtocolException;
import io.proxywrap.core.config.ProxywrapConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * {@code send}: one connection to the user's server, a PROXY header, one HTTP request, and the
 * response as it came. Lets a user check a deployment without a load balancer in front.
 */
final class Send {

    static final int TIMEOUT_SECONDS = 10;
    static final String NO_RESPONSE = "connection closed without a response: the server rejected the header, "
            + "or the port is not configured";

    private final SendOptions options;
    private final PrintStream out;
    private final PrintStream err;

    Send(SendOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** @return the exit status: {@link Main#OK}, {@link Main#NO_RESPONSE} or {@link Main#USAGE} */
    int run() {
        // The one name ever resolved: the user's own server.
        InetSocketAddress server = new InetSocketAddress(options.toHost, options.toPort);
        if (server.isUnresolved()) {
            err.println("proxywrap send: cannot resolve " + options.toHost);
            return Main.NO_RESPONSE;
        }
        byte[] header;
        try {
            header = options.header(server);
        } catch (UsageException e) {
            err.println("proxywrap send: " + e.getMessage());
            return Main.USAGE;
        }
        byte[] request = options.request("proxywrap/" + ProxywrapConfig.version());
        Socket socket = new Socket();
        try {
            try {
                socket.connect(server, TIMEOUT_SECONDS * 1000);
            } catch (IOException e) {
                err.println("proxywrap send: cannot connect to " + describe(server) + ": " + e.getMessage());
                return Main.NO_RESPONSE;
            }
            err.println("proxywrap send: connected to " + describe(server) + ", sending " + describe(header));
            return exchange(socket, header, request);
        } finally {
            closeQuietly(socket);
        }
    }

    /** The outcome is decided and reported by then; a failing close changes nothing about it. */
    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // See above.
        }
    }

    private int exchange(Socket socket, byte[] header, byte[] request) {
        long received = 0;
        try {
            socket.setSoTimeout(TIMEOUT_SECONDS * 1000);
            OutputStream plain = socket.getOutputStream();
            InputStream in;
            if (options.tls) {
                // The header goes first in the clear, as a balancer sends it; TLS starts after it.
                plain.write(header);
                plain.flush();
                SSLSocket tls = tls(socket);
                tls.startHandshake();
                tls.getOutputStream().write(request);
                tls.getOutputStream().flush();
                in = tls.getInputStream();
            } else {
                // One write, as a balancer that has the client's first bytes sends them.
                byte[] both = new byte[header.length + request.length];
                System.arraycopy(header, 0, both, 0, header.length);
                System.arraycopy(request, 0, both, header.length, request.length);
                plain.write(both);
                plain.flush();
                in = socket.getInputStream();
            }
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
                received += n;
            }
        } catch (IOException e) {
            return failed(e, received);
        }
        if (received == 0) {
            err.println("proxywrap send: " + NO_RESPONSE);
            return Main.NO_RESPONSE;
        }
        return Main.OK;
    }

    private int failed(IOException e, long received) {
        if (received > 0) {
            err.println("proxywrap send: the connection ended with " + e + " after " + received + " bytes");
            return Main.OK;
        }
        if (causedBy(e, CertificateException.class)) {
            err.println("proxywrap send: the server's certificate is not trusted (" + e.getMessage()
                    + "); --insecure accepts any certificate");
        } else if (e instanceof SocketTimeoutException) {
            err.println("proxywrap send: no response within " + TIMEOUT_SECONDS + " s");
        } else {
            // A server that rejects the header closes at once; with our bytes still unread it resets.
            err.println("proxywrap send: " + NO_RESPONSE + " (" + e + ")");
        }
        return Main.NO_RESPONSE;
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** TLS over the connection that carried the header; SNI and the certificate check use the Host name. */
    private SSLSocket tls(Socket socket) throws IOException {
        SSLSocketFactory factory;
        if (options.insecure) {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new AnyCertificate()}, null);
                factory = context.getSocketFactory();
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot set up TLS: " + e.getMessage(), e);
            }
        } else {
            factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        SSLSocket tls = (SSLSocket) factory.createSocket(socket, options.tlsHostName(), options.toPort, true);
        if (!options.insecure) {
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
        }
        return tls;
    }

    /** {@code localhost:8080 (127.0.0.1)}, or just {@code 127.0.0.1:8080} when --to was an address. */
    private String describe(InetSocketAddress server) {
        String address = server.getAddress().getHostAddress();
        String given = options.toHost.indexOf(':') >= 0 ? "[" + options.toHost + "]" : options.toHost;
        return given + ":" + options.toPort + (options.toHost.equals(address) ? "" : " (" + address + ")");
    }

    /** The header as the core decodes it, so the user sees what the server will read. */
    private static String describe(byte[] header) {
        try {
            return new ProxyHeaderDecoder(true, true, ProxyHeaderDecoder.V2_MAX_MAX_LENGTH)
                    .decode(ByteBuffer.wrap(header), 0, header.length) + " (" + header.length + " bytes)";
        } catch (ProxyProtocolException e) {
            throw new AssertionError("the encoder wrote a header the decoder rejects: " + e.getMessage(), e);
        }
    }

    /** {@code --insecure}: for a test server's self-signed certificate, at the user's explicit request. */
    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // Never a server here: there are no clients to check.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Accepts any certificate: what --insecure asks for.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

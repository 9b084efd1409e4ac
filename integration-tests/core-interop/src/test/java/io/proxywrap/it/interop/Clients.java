package io.proxywrap.it.interop;

import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.support.SelfSignedCertificate;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** The "real client" side: sockets bound to {@link LoopbackPorts#CLIENT_ADDRESS}, and payloads. */
final class Clients {

    static final int CONNECT_TIMEOUT_MILLIS = 5000;
    static final int READ_TIMEOUT_MILLIS = 15000;

    private Clients() {
    }

    /** {@code size} bytes from a fixed seed: every byte value, reproducible in a failure. */
    static byte[] payload(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Writes the whole payload and half-closes, so the far end sees it followed by end of stream. */
    static void sendAndHalfClose(Socket socket, byte[] payload) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(payload);
        out.flush();
        socket.shutdownOutput();
    }

    /** A plain TCP connection from 127.0.0.42:ephemeral to 127.0.0.1:{@code port}. */
    static Socket connectFromClientAddress(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(LoopbackPorts.CLIENT_ADDRESS, 0));
            socket.connect(new InetSocketAddress(LoopbackPorts.LOOPBACK, port), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * TLS from 127.0.0.42 to 127.0.0.1:{@code port}, trusting exactly {@code certificate}, with SNI
     * {@link SelfSignedCertificate#HOST_NAME} and ALPN offering only {@code alpn}; handshake done.
     */
    static SSLSocket connectTls(int port, SelfSignedCertificate certificate, String alpn)
            throws IOException, GeneralSecurityException {
        SSLContext context = certificate.trustingContext();
        Socket plain = connectFromClientAddress(port);
        try {
            SSLSocket tls = (SSLSocket) context.getSocketFactory()
                    .createSocket(plain, SelfSignedCertificate.HOST_NAME, port, true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(SelfSignedCertificate.HOST_NAME)));
            parameters.setApplicationProtocols(new String[] {alpn});
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            return tls;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }
}

package io.proxywrap.it.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Random;

/**
 * The smallest WebSocket client (RFC 6455) that proves an echo works over a socket the test made
 * itself, e.g. bound to {@link LoopbackPorts#CLIENT_ADDRESS} and routed through a balancer:
 * the upgrade handshake, masked text frames out, unmasked text frames in, the closing handshake.
 * No fragmentation, no extensions; anything else the server sends fails the test.
 */
public final class RawWebSocket implements AutoCloseable {

    /** RFC 6455 §1.3: appended to the key before hashing. */
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_CLOSE = 0x8;
    private static final int MAX_FRAME = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** Fixed seed: masks differ per frame but a failing run can be replayed. */
    private final Random masks = new Random(6455);
    private final HttpResponse handshake;
    /** Whether a close frame went out: an endpoint sends at most one (RFC 6455 §5.5.1). */
    private boolean closeSent;

    private RawWebSocket(Socket socket, InputStream in, HttpResponse handshake) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.handshake = handshake;
    }

    /**
     * Performs the handshake for {@code path} on {@code socket} (connected, with a read timeout),
     * and fails unless the server switches protocols with the right accept key. The socket is
     * closed with this object.
     */
    public static RawWebSocket connect(Socket socket, String host, String path) throws IOException {
        byte[] nonce = new byte[16];
        new Random(path.hashCode()).nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        HttpResponse response = HttpResponse.read(in);
        String expectedAccept = accept(key);
        if (response.status() != 101 || !expectedAccept.equals(response.header("Sec-WebSocket-Accept"))) {
            throw new IOException("no WebSocket upgrade: " + response.statusLine() + " " + response.headers()
                    + " (expected accept " + expectedAccept + ")");
        }
        return new RawWebSocket(socket, in, response);
    }

    /** The server's 101 response. */
    public HttpResponse handshake() {
        return handshake;
    }

    /** Sends one masked, final text frame (RFC 6455 §5.3: client frames are always masked). */
    public void sendText(String text) throws IOException {
        sendFrame(OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the next frame, which must be an unmasked, final text frame, and returns its text. */
    public String receiveText() throws IOException {
        Frame frame = receiveFrame();
        if (frame.first == (0x80 | OPCODE_CLOSE)) {
            throw new IOException("expected a text frame, the server closed: status " + frame.closeStatus() + " "
                    + frame.closeReason());
        }
        if (frame.first != (0x80 | OPCODE_TEXT)) {
            throw new IOException("expected a final text frame, got first byte 0x" + Integer.toHexString(frame.first));
        }
        return new String(frame.payload, StandardCharsets.UTF_8);
    }

    /**
     * The closing handshake (RFC 6455 §5.5.1): sends a close frame with status 1000, then reads the
     * next frame, which must be the server's close, and returns the status it carries (-1 for
     * none). {@link #close()} then only closes the socket: a second close frame is not allowed.
     */
    public int closeHandshake() throws IOException {
        sendClose();
        Frame frame = receiveFrame();
        if (frame.first != (0x80 | OPCODE_CLOSE)) {
            throw new IOException("expected the server's close frame, got first byte 0x"
                    + Integer.toHexString(frame.first));
        }
        return frame.closeStatus();
    }

    /** A server frame: its first byte (FIN, opcode) and payload. */
    private record Frame(int first, byte[] payload) {

        /** §5.5.1: a close frame's status code, its first two bytes; -1 when it has none. */
        int closeStatus() {
            return payload.length >= 2 ? (payload[0] & 0xFF) << 8 | payload[1] & 0xFF : -1;
        }

        /** §5.5.1: a close frame's reason, UTF-8 after the status code. */
        String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    /** Reads the next frame, which must be unmasked, of any opcode. */
    private Frame receiveFrame() throws IOException {
        int first = readByte();
        int second = readByte();
        if ((second & 0x80) != 0) {
            throw new IOException("server frames must not be masked (RFC 6455 §5.1)");
        }
        int length = second & 0x7F;
        if (length == 126) {
            length = readByte() << 8 | readByte();
        } else if (length == 127) {
            throw new IOException("a 64-bit frame length: far larger than any echo the tests send");
        }
        if (length > MAX_FRAME) {
            throw new IOException("frame of " + length + " bytes");
        }
        byte[] payload = in.readNBytes(length);
        if (payload.length != length) {
            throw new IOException("end of stream inside a frame");
        }
        return new Frame(first, payload);
    }

    private void sendClose() throws IOException {
        closeSent = true;
        sendFrame(OPCODE_CLOSE, new byte[] {0x03, (byte) 0xE8}); // status 1000, normal closure
    }

    private void sendFrame(int opcode, byte[] payload) throws IOException {
        if (payload.length > MAX_FRAME) {
            throw new IllegalArgumentException("frame of " + payload.length + " bytes");
        }
        ByteBuffer frame = ByteBuffer.allocate(2 + 2 + 4 + payload.length);
        frame.put((byte) (0x80 | opcode));
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        }
        byte[] mask = new byte[4];
        masks.nextBytes(mask);
        frame.put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i % 4]));
        }
        out.write(frame.array(), 0, frame.position());
        out.flush();
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("end of stream while reading a WebSocket frame");
        }
        return b;
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /**
     * Sends a close frame (status 1000), best effort, unless {@link #closeHandshake()} sent one,
     * and closes the socket.
     */
    @Override
    public void close() throws IOException {
        try {
            if (!closeSent) {
                sendClose();
            }
        } catch (IOException e) {
            // the server may have gone already; the socket is closed below either way
        } finally {
            socket.close();
        }
    }
}

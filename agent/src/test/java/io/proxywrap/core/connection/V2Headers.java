package io.proxywrap.core.connection;

import java.nio.ByteBuffer;

/** PROXY v2 headers built for the reader's tests. */
final class V2Headers {

    private static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private V2Headers() {
    }

    /** PROXY TCP4 10.0.0.1:1000 -> 10.0.0.2:2000 followed by one NOOP TLV of {@code noop} value bytes. */
    static byte[] inetWithPadding(int noop) {
        int length = 12 + 3 + noop;
        ByteBuffer b = ByteBuffer.allocate(16 + length);
        b.put(SIGNATURE).put((byte) 0x21).put((byte) 0x11).putShort((short) length);
        b.put(new byte[] {10, 0, 0, 1, 10, 0, 0, 2}).putShort((short) 1000).putShort((short) 2000);
        b.put((byte) 0x04).putShort((short) noop).put(new byte[noop]);
        return b.array();
    }
}

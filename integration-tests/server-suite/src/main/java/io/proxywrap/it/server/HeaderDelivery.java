package io.proxywrap.it.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a PROXY header reaches the server: which of its bytes go out in writes of their own, and
 * which go out glued to the first bytes after the header (the HTTP request, or the TLS
 * ClientHello). The server must see the same connection whatever the segmentation.
 *
 * @param separateWrites written one by one before anything else
 * @param pauseMillis after each separate write: makes separate TCP segments (and so separate
 *     reads) likely; no assertion depends on it
 * @param withFirstWrite prepended to the first write after the header
 */
public record HeaderDelivery(String name, List<byte[]> separateWrites, long pauseMillis, byte[] withFirstWrite) {

    /** Header and what follows in one write. */
    public static HeaderDelivery oneWrite(byte[] header) {
        return new HeaderDelivery("with the request in one write", List.of(), 0, header);
    }

    /** One write per header byte (with TCP_NODELAY each is a segment of its own). */
    public static HeaderDelivery bytePerWrite(byte[] header) {
        List<byte[]> writes = new ArrayList<>();
        for (byte b : header) {
            writes.add(new byte[] {b});
        }
        return new HeaderDelivery("one byte per write", writes, 0, new byte[0]);
    }

    /** The header's first {@code offset} bytes, a pause, then the rest with what follows. */
    public static HeaderDelivery splitAt(byte[] header, int offset) {
        return new HeaderDelivery("split after byte " + offset, List.of(Arrays.copyOf(header, offset)), 3,
                Arrays.copyOfRange(header, offset, header.length));
    }

    @Override
    public String toString() {
        return name;
    }
}

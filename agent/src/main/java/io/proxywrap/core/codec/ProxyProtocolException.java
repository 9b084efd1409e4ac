package io.proxywrap.core.codec;

import java.io.IOException;

/**
 * The one exception the codec throws: the bytes at the start of a connection are not an
 * acceptable PROXY header. It is an {@link IOException} so that an instrumented read can throw it
 * as is: the server then closes that one connection and nothing else.
 *
 * <p>The message says what was wrong and at which byte of the header, e.g.
 * {@code "v1 source port has a leading zero at byte 32"}.
 */
public final class ProxyProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why a header was rejected; each is counted separately. */
    public enum Reason {
        /** The bytes are not well-formed PROXY v1 or v2. */
        MALFORMED,
        /** The port requires a header and the connection did not start with one. */
        MISSING,
        /** v1 line longer than 107 bytes, or v2 length above the configured maximum. */
        TOO_LONG,
        /** A v2 CRC32C TLV that does not match the header. */
        CRC_MISMATCH,
        /** A well-formed header of a version this port does not accept. */
        VERSION_NOT_ALLOWED,
        /** A header from a peer outside {@code proxywrap.trusted}. */
        UNTRUSTED,
        /** The header was still incomplete when {@code proxywrap.timeout} (counted from accept) ran out. */
        TIMEOUT
    }

    private final Reason reason;
    private final int offset;

    public ProxyProtocolException(Reason reason, String problem, int offset) {
        super(problem + " at byte " + offset);
        this.reason = reason;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    /** Offset from the first byte of the connection where the problem was found. */
    public int offset() {
        return offset;
    }

    /**
     * No stack trace: the message says everything, and a peer that sends garbage on purpose
     * should not make every rejection walk the stack.
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}

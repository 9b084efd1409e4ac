package io.proxywrap.agent;

import io.proxywrap.bootstrap.ProxiedConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A connection on a configured port whose state could not be set up (a bug of ours): its first
 * read closes it, rather than letting its bytes, header included, through unchecked.
 */
final class FailedConnection extends ProxiedConnection {

    private final IOException failure;

    FailedConnection(String why) {
        this.failure = new IOException(why);
    }

    @Override
    public int afterRead(ByteBuffer dst, int bytesRead) throws IOException {
        throw failure;
    }

    @Override
    public long afterRead(ByteBuffer[] dsts, int offset, int length, int[] positionsBefore, long bytesRead)
            throws IOException {
        throw failure;
    }

    @Override
    public int[] positionsBeforeRead(ByteBuffer[] dsts, int offset, int length) {
        return null;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return null;
    }

    @Override
    public InetSocketAddress localAddress() {
        return null;
    }

    @Override
    public String scheme() {
        return null;
    }

    @Override
    public String[] requestAttributes() {
        return new String[0];
    }
}

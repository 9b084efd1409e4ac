package io.proxywrap.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.support.Poll;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A slowloris on a port with {@code proxywrap.timeout=1s}: 1,000 connections that never send a
 * byte and 1,000 that dribble a header a byte at a time are each closed, without a byte of
 * response, within the timeout plus the server timer's period and a margin of their own accept, while
 * a normal proxied client keeps being served; afterwards no header is pending and every one of
 * them was counted as a timeout.
 */
@Tag("supported-line")
@Tag("load")
class SlowlorisIT {

    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);

    @RegisterExtension
    static final ServerExtension SERVER =
            ServerExtension.oneListedPort("-Dproxywrap.timeout=" + HEADER_TIMEOUT.toMillis() + "ms");

    private static final int SILENT = 1000;
    private static final int DRIBBLING = 1000;
    /**
     * The server's own timer runs the agent's timeout check (Tomcat's poller looks at idle
     * connections about once a second); the rest is for a loaded machine.
     */
    private static final Duration CLOSED_WITHIN = HEADER_TIMEOUT.plusSeconds(4);
    private static final int OPEN_PER_ROUND = 20;
    private static final long DRIBBLE_EVERY_NANOS = Duration.ofMillis(150).toNanos();
    private static final long GOOD_REQUEST_EVERY_NANOS = Duration.ofMillis(250).toNanos();
    private static final byte[] HEADER = CraftedHeader.V1_TCP4.bytes();

    /** One attacking connection: when it was opened, how much of the header it has sent, when it was closed. */
    private static final class Attacker {
        final SocketChannel channel;
        final boolean dribbles;
        final long openedNanos;
        int sent;
        long closedNanos = -1;

        Attacker(SocketChannel channel, boolean dribbles, long openedNanos) {
            this.channel = channel;
            this.dribbles = dribbles;
            this.openedNanos = openedNanos;
        }
    }

    @Test
    void stalledHeadersAreClosedOnTimeWhileOthersAreServed() throws Exception {
        ServerUnderTest server = SERVER.get();
        List<Attacker> attackers = new ArrayList<>();
        int served = 0;
        try (Selector selector = Selector.open()) {
            long deadline = System.nanoTime() + CLOSED_WITHIN.toNanos() * 3;
            long nextDribble = System.nanoTime();
            long nextGoodRequest = System.nanoTime();
            ByteBuffer readBuffer = ByteBuffer.allocate(256);
            int open = 0;
            // Opening 2,000 connections takes a while: open them in small batches between
            // rounds of watching the ones already open, so each close is seen when it happens.
            while ((attackers.size() < SILENT + DRIBBLING || open > 0) && System.nanoTime() < deadline) {
                for (int i = 0; i < OPEN_PER_ROUND && attackers.size() < SILENT + DRIBBLING; i++) {
                    attackers.add(open(selector, server.http, attackers.size() % 2 == 1));
                    open++;
                }
                selector.select(attackers.size() < SILENT + DRIBBLING ? 1 : 50);
                for (SelectionKey key : selector.selectedKeys()) {
                    Attacker attacker = (Attacker) key.attachment();
                    readBuffer.clear();
                    int n;
                    try {
                        n = attacker.channel.read(readBuffer);
                    } catch (IOException reset) {
                        n = -1;
                    }
                    if (n > 0) {
                        fail("an attacking connection got " + n + " bytes of response");
                    }
                    if (n < 0) {
                        open -= close(attacker, key);
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                if (now >= nextDribble) {
                    nextDribble = now + DRIBBLE_EVERY_NANOS;
                    for (Attacker attacker : attackers) {
                        if (attacker.dribbles && attacker.closedNanos < 0 && attacker.sent < HEADER.length - 2) {
                            dribble(attacker);
                        }
                    }
                }
                if (now >= nextGoodRequest) {
                    nextGoodRequest = now + GOOD_REQUEST_EVERY_NANOS;
                    goodRequest(server);
                    served++;
                }
            }
            assertEquals(SILENT + DRIBBLING, attackers.size());
            assertEquals(0, open, "attacking connections still open after " + CLOSED_WITHIN.multipliedBy(3));
        } finally {
            for (Attacker attacker : attackers) {
                attacker.channel.close();
            }
        }
        long slowest = 0;
        int late = 0;
        for (Attacker attacker : attackers) {
            long took = attacker.closedNanos - attacker.openedNanos;
            slowest = Math.max(slowest, took);
            late += took > CLOSED_WITHIN.toNanos() ? 1 : 0;
        }
        assertEquals(0, late, "stalled connections closed later than " + CLOSED_WITHIN + "; the slowest after "
                + Duration.ofNanos(slowest));
        assertTrue(served > 0, "a normal client was served during the attack");

        try (PortCounters counters = PortCounters.of(server, server.http)) {
            Poll.until(Duration.ofSeconds(10), () -> counters.get("Pending") == 0 ? true : null,
                    () -> "pending headers left: " + counters.read());
            assertEquals(SILENT + DRIBBLING, counters.get("RejectedTimeout"), () -> counters.read().toString());
        }
    }

    /** Sends the next byte of the header; a connection the server closed meanwhile shows up as read -1 or here. */
    private static Attacker open(Selector selector, int port, boolean dribbles) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.bind(new InetSocketAddress(LoopbackPorts.CLIENT_ADDRESS, 0));
            channel.connect(new InetSocketAddress(LoopbackPorts.LOOPBACK, port));
            channel.configureBlocking(false);
            Attacker attacker = new Attacker(channel, dribbles, System.nanoTime());
            channel.register(selector, SelectionKey.OP_READ, attacker);
            return attacker;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void dribble(Attacker attacker) {
        try {
            attacker.channel.write(ByteBuffer.wrap(HEADER, attacker.sent, 1));
            attacker.sent++;
        } catch (IOException closedByServer) {
            // Seen by the selector as end of stream or a reset on its next read.
        }
    }

    private static int close(Attacker attacker, SelectionKey key) throws IOException {
        attacker.closedNanos = System.nanoTime();
        key.cancel();
        attacker.channel.close();
        return 1;
    }

    private static void goodRequest(ServerUnderTest server) throws IOException {
        CraftedHeader header = CraftedHeader.V2_TCP4;
        try (RawClient client = RawClient.open(server.http, HeaderDelivery.oneWrite(header.bytes()))) {
            client.get("/during-the-attack").assertRemote(header.sourceText(), header.source.getPort());
        }
    }
}

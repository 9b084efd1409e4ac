package io.proxywrap.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.core.codec.ProxyHeaderDecoder;
import io.proxywrap.core.codec.ProxyProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding one PROXY header: our {@link ProxyHeaderDecoder} against Netty's
 * {@link HAProxyMessageDecoder}, on the same bytes in the same kind of buffer.
 *
 * <p>One op is what each side does for one new connection whose first read holds the header:
 * <ul>
 *   <li>{@link #ours}: {@code frame} + {@code decode} on the bytes where the server read them.
 *       Our decoder is immutable and shared by all connections of a port, so there is no
 *       per-connection state to create.</li>
 *   <li>{@link #nettyDecoder}: a new {@code HAProxyMessageDecoder} (it is stateful and
 *       single-use: Netty needs one per connection) and its {@code decode} called directly, the
 *       way {@code ByteToMessageDecoder} calls it, with a reused output list as Netty's own
 *       recycled {@code CodecOutputList}. This is the decoder's own cost.</li>
 *   <li>{@link #nettyPipeline}: the public path a Netty server takes: a new decoder added to the
 *       connection's pipeline (as a {@code ChannelInitializer} does), the read fired through it,
 *       the decoder removing itself, the message taken from the end of the pipeline. The channel
 *       itself is reused: it exists per connection whether or not PROXY is in use.</li>
 * </ul>
 * Every op hands the result to a {@link Blackhole}; Netty's {@link HAProxyMessage} is reference
 * counted (its TLVs are retained slices of the input) and is released after.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {

    @Param({CodecInputs.V1_TCP4, CodecInputs.V1_TCP6, CodecInputs.V2_INET, CodecInputs.V2_HAPROXY_SSL,
        CodecInputs.V2_AWS})
    public String input;

    /** {@code heap} (Tomcat NIO's default read buffers) or {@code direct} (Jetty, Undertow, Netty). */
    @Param({"heap", "direct"})
    public String buffer;

    private ProxyHeaderDecoder ours;
    private ByteBuffer ourBuffer;
    private int length;

    private ByteBuf nettyBuffer;
    private final List<Object> nettyOut = new ArrayList<Object>(1);
    private EmbeddedChannel channel;

    @Setup
    public void setUp() {
        byte[] bytes = CodecInputs.bytes(input);
        length = bytes.length;
        boolean direct;
        switch (buffer) {
            case "heap":
                direct = false;
                break;
            case "direct":
                direct = true;
                break;
            default:
                throw new IllegalArgumentException("buffer must be heap or direct: " + buffer);
        }
        ours = new ProxyHeaderDecoder();
        ourBuffer = direct ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length);
        ourBuffer.put(bytes).clear();
        nettyBuffer = direct ? Unpooled.directBuffer(length) : Unpooled.buffer(length);
        nettyBuffer.writeBytes(bytes);
        channel = new EmbeddedChannel();
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
        if (nettyBuffer.refCnt() != 1) {
            throw new IllegalStateException("benchmark leaked or over-released the input: refCnt "
                    + nettyBuffer.refCnt());
        }
        nettyBuffer.release();
    }

    @Benchmark
    public void ours(Blackhole bh) throws ProxyProtocolException {
        int n = ours.frame(ourBuffer, 0, length);
        bh.consume(ours.decode(ourBuffer, 0, n));
    }

    /**
     * {@link #ours} plus what a server does next with the result: ask for both addresses, which
     * the header makes into JDK {@code InetSocketAddress}es on first use (Netty's decoder leaves
     * them as strings, and a server would pay to turn those into addresses too).
     */
    @Benchmark
    public void oursWithAddresses(Blackhole bh) throws ProxyProtocolException {
        int n = ours.frame(ourBuffer, 0, length);
        ProxyHeader header = ours.decode(ourBuffer, 0, n);
        bh.consume(header.source());
        bh.consume(header.destination());
    }

    @Benchmark
    public void nettyDecoder(Blackhole bh) throws Exception {
        nettyBuffer.readerIndex(0);
        DirectDecoder decoder = new DirectDecoder();
        decoder.decodeOnce(null, nettyBuffer, nettyOut);
        HAProxyMessage message = (HAProxyMessage) nettyOut.get(0);
        nettyOut.clear();
        bh.consume(message);
        message.release();
    }

    @Benchmark
    public void nettyPipeline(Blackhole bh) {
        channel.pipeline().addLast(new HAProxyMessageDecoder());
        // ByteToMessageDecoder releases a read buffer it has consumed; keep ours alive for the next op.
        nettyBuffer.readerIndex(0).retain();
        channel.writeInbound(nettyBuffer);
        HAProxyMessage message = channel.readInbound();
        bh.consume(message);
        message.release();
    }

    // For the test: one op of each side, returning the result instead of consuming it.

    ProxyHeader decodeOurs() throws ProxyProtocolException {
        int n = ours.frame(ourBuffer, 0, length);
        return ours.decode(ourBuffer, 0, n);
    }

    HAProxyMessage decodeNetty() throws Exception {
        nettyBuffer.readerIndex(0);
        new DirectDecoder().decodeOnce(null, nettyBuffer, nettyOut);
        HAProxyMessage message = (HAProxyMessage) nettyOut.get(0);
        nettyOut.clear();
        return message;
    }

    ByteBuf nettyBuffer() {
        return nettyBuffer;
    }

    EmbeddedChannel channel() {
        return channel;
    }

    /**
     * Netty's decoder with its {@code protected final decode} reachable: nothing overridden.
     * The context is only used to close the channel on bad input, which these inputs are not.
     */
    static final class DirectDecoder extends HAProxyMessageDecoder {
        void decodeOnce(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            decode(ctx, in, out);
        }
    }
}

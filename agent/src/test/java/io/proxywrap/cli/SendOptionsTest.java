package io.proxywrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.core.codec.ProxyHeaderDecoder;
import io.proxywrap.core.codec.Render;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code send} flags as a table: each accepted command line with the header it sends (decoded
 * by the core and rendered in full) and its request's first lines; each refused one with its
 * exact message. No network: the server address is given as {@code --to} would resolve it.
 */
class SendOptionsTest {

    private static final InetSocketAddress SERVER_V4 = server(new byte[] {127, 0, 0, 1}, 8080);
    private static final InetSocketAddress SERVER_V6 = server(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 8080);
    private static final String SSL_FLAGS = "version=TLSv1.3,cipher=TLS_AES_128_GCM_SHA256,cn=client.example";
    private static final String SSL_RENDERED = "SSL{client=0x07 verify=0x00000000 [VERSION TLSv1.3, "
            + "CIPHER TLS_AES_128_GCM_SHA256, CN client.example]}";

    private static InetSocketAddress server(byte[] address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> args(String line) {
        return Arrays.asList(line.split(" "));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("--to 127.0.0.1:8080", SERVER_V4,
                        "v1 PROXY INET STREAM 203.0.113.7:4242 > 127.0.0.1:8080", "GET / HTTP/1.1|Host: 127.0.0.1:8080"),
                Arguments.of("--to localhost:8080 --v1 --source 192.0.2.1:0 --destination 198.51.100.1:65535 --path /whoami",
                        SERVER_V4, "v1 PROXY INET STREAM 192.0.2.1:0 > 198.51.100.1:65535",
                        "GET /whoami HTTP/1.1|Host: localhost:8080"),
                Arguments.of("--to [::1]:8080", SERVER_V6,
                        "v1 PROXY INET6 STREAM [2001:db8:0:0:0:0:0:7]:4242 > [0:0:0:0:0:0:0:1]:8080",
                        "GET / HTTP/1.1|Host: [::1]:8080"),
                Arguments.of("--to [::1]:8080 --v2 --source [2001:db8::1]:1 --destination [::ffff:192.0.2.9]:2", SERVER_V6,
                        "v2 PROXY INET6 STREAM [2001:db8:0:0:0:0:0:1]:1 > 192.0.2.9:2", "GET / HTTP/1.1|Host: [::1]:8080"),
                Arguments.of("--to 127.0.0.1:8080 --local", SERVER_V4, "v1 PROXY UNSPEC UNSPEC",
                        "GET / HTTP/1.1|Host: 127.0.0.1:8080"),
                Arguments.of("--to 127.0.0.1:8080 --v2 --local --crc32c", SERVER_V4, "v2 LOCAL UNSPEC UNSPEC",
                        "GET / HTTP/1.1|Host: 127.0.0.1:8080"),
                Arguments.of("--to=127.0.0.1:80 --v2 --tlv authority=example.com --tlv alpn=h2 --tlv=unique-id=abc "
                                + "--tlv netns=blue --ssl " + SSL_FLAGS + " --crc32c --host=example.com",
                        SERVER_V4, "v2 PROXY INET STREAM 203.0.113.7:4242 > 127.0.0.1:80 [CRC32C (verified), "
                                + "AUTHORITY example.com, ALPN h2, UNIQUE_ID abc, NETNS blue, " + SSL_RENDERED + "]",
                        "GET / HTTP/1.1|Host: example.com"),
                Arguments.of("--to 127.0.0.1:80 --v2 --ssl verify=7,version=TLSv1.2 --tlv 0xea=01767063652d31 --tlv 0x42=",
                        SERVER_V4, "v2 PROXY INET STREAM 203.0.113.7:4242 > 127.0.0.1:80 [SSL{client=0x01 "
                                + "verify=0x00000007 [VERSION TLSv1.2]}, AWS_VPCE vpce-1, RAW 0x42]",
                        "GET / HTTP/1.1|Host: 127.0.0.1"),
                Arguments.of("--to example.com:443 --tls", SERVER_V4,
                        "v1 PROXY INET STREAM 203.0.113.7:4242 > 127.0.0.1:443", "GET / HTTP/1.1|Host: example.com"),
                Arguments.of("--to example.com:8443 --tls --insecure", SERVER_V4,
                        "v1 PROXY INET STREAM 203.0.113.7:4242 > 127.0.0.1:8443", "GET / HTTP/1.1|Host: example.com:8443"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void sendsTheHeaderAndRequestAskedFor(String line, InetSocketAddress server, String header, String requestStart)
            throws Exception {
        SendOptions options = SendOptions.parse(args(line));
        InetSocketAddress resolved = new InetSocketAddress(server.getAddress(), options.toPort);
        byte[] bytes = options.header(resolved);
        ProxyHeader decoded = new ProxyHeaderDecoder().decode(ByteBuffer.wrap(bytes), 0, bytes.length);
        // The decoder has verified any CRC32C; its value depends on every byte, so it is not spelled out.
        assertEquals(header, Render.header(decoded).replaceAll("CRC32C [0-9a-f]{8}", "CRC32C (verified)"));
        String request = new String(options.request("test/1"), StandardCharsets.UTF_8);
        assertEquals(requestStart.replace("|", "\r\n") + "\r\nUser-Agent: test/1\r\nAccept: */*\r\nConnection: close\r\n\r\n",
                request);
    }

    @Test
    void tlsChecksTheHostName() throws UsageException {
        assertEquals("example.com", SendOptions.parse(args("--to 127.0.0.1:8443 --tls --host example.com:8443")).tlsHostName());
        assertEquals("127.0.0.1", SendOptions.parse(args("--to 127.0.0.1:8443 --tls")).tlsHostName());
        assertEquals("::1", SendOptions.parse(args("--to [::1]:8443 --tls")).tlsHostName());
    }

    static Stream<Arguments> refused() {
        String literal = ": expected ADDRESS:PORT with an IPv4 address or an IPv6 one in brackets, e.g. "
                + "203.0.113.7:4242 or [2001:db8::7]:4242 (never a name)";
        String to = ": expected HOST:PORT, e.g. 127.0.0.1:8080, localhost:8080 or [::1]:8080";
        return Stream.of(
                Arguments.of("--v2", "--to HOST:PORT is required"),
                Arguments.of("--to", "--to needs a value"),
                Arguments.of("--to 127.0.0.1", "--to 127.0.0.1" + to),
                Arguments.of("--to ::1:8080", "--to ::1:8080" + to),
                Arguments.of("--to :8080", "--to :8080" + to),
                Arguments.of("--to 127.0.0.1:0", "--to 127.0.0.1:0: the port must be 1-65535"),
                Arguments.of("--to 127.0.0.1:65536", "--to 127.0.0.1:65536: the port must be 1-65535"),
                Arguments.of("--to 127.0.0.1:08080", "--to 127.0.0.1:08080: the port must be 1-65535"),
                Arguments.of("--to 127.0.0.1:1 --to 127.0.0.1:2", "--to is given twice"),
                Arguments.of("--to 127.0.0.1:1 --source example.com:1", "--source example.com:1" + literal),
                Arguments.of("--to 127.0.0.1:1 --source 2001:db8::1:80", "--source 2001:db8::1:80" + literal),
                Arguments.of("--to 127.0.0.1:1 --source [203.0.113.7]:80", "--source [203.0.113.7]:80" + literal),
                Arguments.of("--to 127.0.0.1:1 --source 203.0.113.07:80", "--source 203.0.113.07:80" + literal),
                Arguments.of("--to 127.0.0.1:1 --destination [::1%lo]:80", "--destination [::1%lo]:80" + literal),
                Arguments.of("--to 127.0.0.1:1 --source 1.2.3.4:+1", "--source 1.2.3.4:+1: the port must be 0-65535"),
                Arguments.of("--to 127.0.0.1:1 --v1 --v2", "--v1 and --v2 exclude each other"),
                Arguments.of("--to 127.0.0.1:1 --v2 --v2", "--v2 is given twice"),
                Arguments.of("--to 127.0.0.1:1 --tlv alpn=h2", "--tlv, --ssl and --crc32c need --v2: v1 headers carry no TLVs"),
                Arguments.of("--to 127.0.0.1:1 --crc32c", "--tlv, --ssl and --crc32c need --v2: v1 headers carry no TLVs"),
                Arguments.of("--to 127.0.0.1:1 --v2 --tlv alpn", "--tlv alpn: expected NAME=VALUE"),
                Arguments.of("--to 127.0.0.1:1 --v2 --tlv sni=x",
                        "--tlv sni=x: NAME is one of alpn, authority, unique-id, netns, or a type 0x00-0xff"),
                Arguments.of("--to 127.0.0.1:1 --v2 --tlv 0x4=ab",
                        "--tlv 0x4=ab: NAME is one of alpn, authority, unique-id, netns, or a type 0x00-0xff"),
                Arguments.of("--to 127.0.0.1:1 --v2 --tlv 0x42=abc",
                        "--tlv 0x42=abc: a numbered TLV's value is hex digits, two a byte"),
                Arguments.of("--to 127.0.0.1:1 --v2 --tlv 0x03=00000000",
                        "--tlv 0x03=00000000: a CRC32C is computed over the header; use --crc32c"),
                Arguments.of("--to 127.0.0.1:1 --v2 --ssl version=1,sni=x",
                        "--ssl version=1,sni=x: expected KEY=VALUE pairs separated by ',', KEY one of version, cipher, "
                                + "cn, sig-alg, key-alg, verify"),
                Arguments.of("--to 127.0.0.1:1 --v2 --ssl cn=a,cn=b", "--ssl cn=a,cn=b: cn is given twice"),
                Arguments.of("--to 127.0.0.1:1 --v2 --ssl verify=-1", "--ssl verify=-1: verify is a number 0-4294967295"),
                Arguments.of("--to 127.0.0.1:1 --v2 --ssl verify=4294967296",
                        "--ssl verify=4294967296: verify is a number 0-4294967295"),
                Arguments.of("--to 127.0.0.1:1 --v2 --ssl cn=a --ssl cn=b", "--ssl is given twice"),
                Arguments.of("--to 127.0.0.1:1 --local --source 1.2.3.4:5",
                        "--local sends no addresses, so it excludes --source and --destination"),
                Arguments.of("--to 127.0.0.1:1 --source 1.2.3.4:5 --destination [::1]:5",
                        "--source and --destination must both be IPv4 or both IPv6"),
                Arguments.of("--to 127.0.0.1:1 --insecure", "--insecure only applies with --tls"),
                Arguments.of("--to 127.0.0.1:1 --path whoami", "--path whoami: expected a path starting with /, without spaces"),
                Arguments.of("--to 127.0.0.1:1 --path /\u00e9", "--path /\u00e9: expected a path starting with /, without spaces"),
                Arguments.of("--to 127.0.0.1:1 --host=", "--host \"\": expected a host name, without spaces"),
                Arguments.of("--to 127.0.0.1:1 --tls=yes", "--tls takes no value"),
                Arguments.of("--to 127.0.0.1:1 --verbose", "unknown option --verbose"),
                Arguments.of("--to 127.0.0.1:1 extra", "unknown option extra"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWithAMessage(String line, String message) {
        assertEquals(message, assertThrows(UsageException.class, () -> SendOptions.parse(args(line))).getMessage());
    }

    /** What only the resolved server decides: the default destination's family, and the encoder's limits. */
    @Test
    void refusesHeadersTheProtocolCannotCarry() throws UsageException {
        SendOptions v4Source = SendOptions.parse(args("--to localhost:8080 --source 192.0.2.1:1"));
        assertEquals("the source and destination must both be IPv4 or both IPv6, but --to localhost connects to "
                + "0:0:0:0:0:0:0:1 and --source is IPv4; give both --source and --destination",
                assertThrows(UsageException.class, () -> v4Source.header(SERVER_V6)).getMessage());
        SendOptions longId = SendOptions.parse(args("--to 127.0.0.1:8080 --v2 --tlv unique-id=" + "u".repeat(129)));
        assertEquals("a UNIQUE_ID TLV is at most 128 bytes, not 129",
                assertThrows(UsageException.class, () -> longId.header(SERVER_V4)).getMessage());
    }
}

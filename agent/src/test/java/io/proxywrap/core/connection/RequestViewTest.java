package io.proxywrap.core.connection;

import static io.proxywrap.core.codec.V2.TCP4;
import static io.proxywrap.core.codec.V2.concat;
import static io.proxywrap.core.codec.V2.ints;
import static io.proxywrap.core.codec.V2.sslValue;
import static io.proxywrap.core.codec.V2.tlvBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.core.codec.ProxyHeaderDecoder;
import io.proxywrap.core.codec.ProxyProtocolException;
import io.proxywrap.core.codec.Tlv;
import io.proxywrap.core.codec.V2;
import io.proxywrap.core.config.Scheme;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestViewTest {

    private static final InetSocketAddress BALANCER = new InetSocketAddress("127.0.0.1", 40123);

    @Test
    void everyTypedTlvBecomesItsAttribute() throws Exception {
        ProxyHeader header = decode(V2.proxy(TCP4).inet()
                .tlv(Tlv.ALPN, "h2")
                .tlv(Tlv.AUTHORITY, "example.test")
                .tlv(Tlv.UNIQUE_ID, "req-42")
                .tlv(Tlv.SSL, sslValue(0x01, 0,
                        tlvBytes(Tlv.SSL_VERSION, "TLSv1.3"),
                        tlvBytes(Tlv.SSL_CIPHER, "TLS_AES_128_GCM_SHA256"),
                        tlvBytes(Tlv.SSL_CN, "client.example")))
                .tlv(Tlv.AWS, concat(ints(0x01), "vpce-0123456789abcdef0".getBytes(StandardCharsets.US_ASCII)))
                .tlv(Tlv.AZURE, 0x01, 0xFE, 0xFF, 0xFF, 0xFF)
                .tlv(Tlv.GCP, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE)
                .build());

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(RequestView.PROXY_ADDRESS, "127.0.0.1");
        expected.put(RequestView.PROXY_PORT, "40123");
        expected.put(RequestView.VERSION, "2");
        expected.put(RequestView.ALPN, "h2");
        expected.put(RequestView.AUTHORITY, "example.test");
        expected.put(RequestView.UNIQUE_ID, "req-42");
        expected.put(RequestView.SSL_VERSION, "TLSv1.3");
        expected.put(RequestView.SSL_CIPHER, "TLS_AES_128_GCM_SHA256");
        expected.put(RequestView.SSL_CN, "client.example");
        expected.put(RequestView.AWS_VPCE_ID, "vpce-0123456789abcdef0");
        // Azure's link id is a little-endian u32; 0xFFFFFFFE shows it is read unsigned.
        expected.put(RequestView.AZURE_LINK_ID, "4294967294");
        // GCP's is a big-endian u64, reported unsigned.
        expected.put(RequestView.GCP_PSC_CONNECTION_ID, "18446744073709551614");
        assertEquals(expected, pairs(RequestView.attributes(header, BALANCER)));
    }

    @Test
    void aV1HeaderReportsTheBalancerAndItsVersion() throws Exception {
        ProxyHeader header = decode("PROXY TCP6 2001:db8::1 2001:db8::2 4242 443\r\n".getBytes(StandardCharsets.US_ASCII));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(RequestView.PROXY_ADDRESS, "0:0:0:0:0:0:0:1");
        expected.put(RequestView.PROXY_PORT, "7");
        expected.put(RequestView.VERSION, "1");
        assertEquals(expected, pairs(RequestView.attributes(header, new InetSocketAddress("::1", 7))));
    }

    @Test
    void theFirstOfTwoSameTlvsWins() throws Exception {
        ProxyHeader header = decode(V2.proxy(TCP4).inet().tlv(Tlv.AUTHORITY, "first").tlv(Tlv.AUTHORITY, "second").build());
        assertEquals("first", pairs(RequestView.attributes(header, BALANCER)).get(RequestView.AUTHORITY));
    }

    @Test
    void noHeaderMeansNoAttributes() {
        assertArrayEquals(new String[0], RequestView.attributes(null, BALANCER));
    }

    @Test
    void thePortSettingDecidesTheSchemeBeforeTheSslTlv() throws Exception {
        ProxyHeader overTls = decode(V2.proxy(TCP4).inet().tlv(Tlv.SSL, sslValue(0x01, 0)).build());
        ProxyHeader plain = decode(V2.proxy(TCP4).inet().tlv(Tlv.SSL, sslValue(0x00, 0)).build());
        ProxyHeader noSsl = decode(V2.proxy(TCP4).inet().build());

        assertEquals("https", RequestView.scheme(overTls, null), "PP2_CLIENT_SSL set");
        assertNull(RequestView.scheme(plain, null), "SSL TLV without PP2_CLIENT_SSL: the connector decides");
        assertNull(RequestView.scheme(noSsl, null), "no SSL TLV: the connector decides");
        assertNull(RequestView.scheme(null, null), "no header: the connector decides");
        assertEquals("https", RequestView.scheme(noSsl, Scheme.HTTPS));
        assertEquals("https", RequestView.scheme(null, Scheme.HTTPS), "an ELB SSL listener's port, even for LOCAL");
        assertEquals("http", RequestView.scheme(overTls, Scheme.HTTP), "the operator's setting wins");
    }

    private static ProxyHeader decode(byte[] bytes) throws ProxyProtocolException {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return decoder.decode(buffer, 0, decoder.frame(buffer, 0, bytes.length));
    }

    private static Map<String, String> pairs(String[] flat) {
        assertEquals(0, flat.length % 2, "name, value pairs");
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < flat.length; i += 2) {
            assertNull(map.put(flat[i], flat[i + 1]), "each name once: " + flat[i]);
        }
        return map;
    }
}

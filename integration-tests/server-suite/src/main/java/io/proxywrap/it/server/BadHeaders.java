package io.proxywrap.it.server;

import static io.proxywrap.it.support.ProxyHeaderBytes.tlv;

import io.proxywrap.it.support.ProxyHeaderBytes;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * BRIEF §4's bad headers that can be sent over the wire, as (name, bytes): what
 * {@link RejectedHeaderIT} checks the agent closes, and what a family's own tests may compare
 * (Jetty's side-by-side with its ProxyConnectionFactory).
 */
public final class BadHeaders {

    private BadHeaders() {
    }

    public static Stream<Arguments> all() {
        byte[] tcp4 = CraftedHeader.V2_TCP4.bytes();
        return Stream.of(
                bad("v1 missing a port", ProxyHeaderBytes.v1("PROXY TCP4 198.51.100.23 203.0.113.80 41234\r\n")),
                bad("v1 lowercase proxy", ProxyHeaderBytes.v1("proxy TCP4 198.51.100.23 203.0.113.80 41234 443\r\n")),
                bad("v1 line of 108 bytes", ProxyHeaderBytes.v1(
                        "PROXY UNKNOWN " + "x".repeat(108 - "PROXY UNKNOWN ".length() - 2) + "\r\n")),
                bad("v1 port 65536", ProxyHeaderBytes.v1("PROXY TCP4 198.51.100.23 203.0.113.80 65536 443\r\n")),
                bad("v1 host name instead of an address",
                        ProxyHeaderBytes.v1("PROXY TCP4 localhost 203.0.113.80 41234 443\r\n")),
                bad("v1 leading zero in a port",
                        ProxyHeaderBytes.v1("PROXY TCP4 198.51.100.23 203.0.113.80 041234 443\r\n")),
                bad("v1 IPv6 address in TCP4", ProxyHeaderBytes.v1("PROXY TCP4 2001:db8::23 203.0.113.80 41234 443\r\n")),
                bad("v2 version nibble 1", withByte(tcp4, 12, 0x11)),
                bad("v2 command 0x3", withByte(tcp4, 12, 0x23)),
                bad("v2 PROXY with UNSPEC family", ProxyHeaderBytes.v2().familyTransport(ProxyHeaderBytes.UNSPEC).build()),
                bad("v2 undefined family byte", withByte(tcp4, 13, 0x41)),
                bad("v2 length 4097, over the 4096 default maximum", ProxyHeaderBytes.v2()
                        .addresses(CraftedHeader.V2_TCP4.source, CraftedHeader.V2_TCP4.destination)
                        .lengthField(4097).build()),
                bad("v2 wrong CRC32C", ProxyHeaderBytes.v2()
                        .addresses(CraftedHeader.V2_TCP4.source, CraftedHeader.V2_TCP4.destination)
                        .crc32c(0x12345678).build()),
                bad("v2 TLV overrunning the header", ProxyHeaderBytes.v2()
                        .addresses(CraftedHeader.V2_TCP4.source, CraftedHeader.V2_TCP4.destination)
                        // declares 100 bytes of value, and the header ends after 5
                        .append(Arrays.copyOf(tlv(ProxyHeaderBytes.TLV_AUTHORITY, new byte[100]), 8)).build()),
                bad("no header at all: a plain request", new byte[0]));
    }

    private static Arguments bad(String name, byte[] header) {
        return Arguments.of(name, header);
    }

    private static byte[] withByte(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) value;
        return copy;
    }
}

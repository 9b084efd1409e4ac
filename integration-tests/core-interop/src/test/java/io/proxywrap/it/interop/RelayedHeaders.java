package io.proxywrap.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.core.codec.ProxyHeader.AddressFamily;
import io.proxywrap.core.codec.ProxyHeader.Command;
import io.proxywrap.core.codec.ProxyHeader.TransportProtocol;

/** What every sender's header for a relayed IPv4 TCP connection must say, whatever else it carries. */
final class RelayedHeaders {

    private RelayedHeaders() {
    }

    /** A PROXY (not LOCAL) header of {@code version} for an INET STREAM connection. */
    static void assertRelayedTcp4(ProxyHeader header, int version, String context) {
        assertNotNull(header, context);
        assertEquals(version, header.version(), context);
        assertEquals(Command.PROXY, header.command(), context);
        assertEquals(AddressFamily.INET, header.family(), context);
        assertEquals(TransportProtocol.STREAM, header.transport(), context);
    }
}

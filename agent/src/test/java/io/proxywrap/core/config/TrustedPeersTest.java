package io.proxywrap.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.core.net.InetLiterals;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedPeersTest {

    /** An address from a literal, without any name lookup; IPv4-mapped literals become Inet4Address. */
    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByAddress(InetLiterals.parse(literal));
    }

    /** The IPv4-mapped form as an Inet6Address, as some socket code paths report an IPv4 peer. */
    private static Inet6Address mappedInet6(String ipv4) throws UnknownHostException {
        byte[] v4 = InetLiterals.parse(ipv4);
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, mapped, 12, 4);
        return Inet6Address.getByAddress(null, mapped, -1);
    }

    private static TrustedPeers trusted(String list) {
        try {
            return TrustedPeers.parse(list);
        } catch (InvalidValueException e) {
            throw new AssertionError(list + ": " + e.getMessage(), e);
        }
    }

    @ParameterizedTest(name = "{0} trusts {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        // IPv4 networks
        "10.0.0.0/8                | 10.1.2.3                 | true",
        "10.0.0.0/8                | 10.255.255.255           | true",
        "10.0.0.0/8                | 11.0.0.0                 | false",
        "10.0.0.0/8                | 9.255.255.255            | false",
        "192.168.1.0/31            | 192.168.1.1              | true",
        "192.168.1.0/31            | 192.168.1.2              | false",
        "10.1.2.3                  | 10.1.2.3                 | true",
        "10.1.2.3                  | 10.1.2.4                 | false",
        "10.1.2.3/32               | 10.1.2.3                 | true",
        "10.1.2.3/32               | 10.1.2.2                 | false",
        "0.0.0.0/0                 | 1.2.3.4                  | true",
        "0.0.0.0/0                 | 255.255.255.255          | true",
        // an IPv4 network never covers native IPv6, not even IPv4-compatible ::a.b.c.d
        "0.0.0.0/0                 | ::1                      | false",
        "0.0.0.0/0                 | 2001:db8::1              | false",
        "10.0.0.0/8                | ::10.1.2.3               | false",
        // IPv4 peers written as IPv4-mapped IPv6 literals (InetAddress turns them into Inet4Address)
        "10.0.0.0/8                | ::ffff:10.1.2.3          | true",
        "10.0.0.0/8                | ::ffff:11.1.2.3          | false",
        // IPv4-mapped networks match IPv4 peers
        "::ffff:10.0.0.0/104       | 10.1.2.3                 | true",
        "::ffff:10.0.0.0/104       | 11.1.2.3                 | false",
        "::ffff:0:0/96             | 1.2.3.4                  | true",
        "::ffff:0:0/96             | ::1                      | false",
        "::ffff:10.1.2.3/128       | 10.1.2.3                 | true",
        "::ffff:10.1.2.3           | 10.1.2.4                 | false",
        // IPv6 networks, including both sides of the 64-bit boundary
        "::/0                      | 2001:db8::1              | true",
        "::/0                      | 1.2.3.4                  | true",
        "::/0                      | ::                       | true",
        "2001:db8::/32             | 2001:db8:ffff:ffff::1    | true",
        "2001:db8::/32             | 2001:db9::               | false",
        "2001:db8::/64             | 2001:db8::ffff:ffff:ffff:ffff | true",
        "2001:db8::/64             | 2001:db8:0:1::           | false",
        "2001:db8::/63             | 2001:db8:0:1::1          | true",
        "2001:db8::/63             | 2001:db8:0:2::           | false",
        "2001:db8::/65             | 2001:db8::7fff:ffff:ffff:ffff | true",
        "2001:db8::/65             | 2001:db8::8000:0:0:0     | false",
        "2001:db8::1/128           | 2001:db8::1              | true",
        "2001:db8::1/128           | 2001:db8::2              | false",
        "2001:db8::1               | 2001:db8::1              | true",
        "::1                       | ::1                      | true",
        "::1                       | 127.0.0.1                | false",
        "fe80::/10                 | febf:ffff::1             | true",
        "fe80::/10                 | fec0::1                  | false",
        // IPv6 networks never cover IPv4 peers unless they include ::ffff:0:0/96
        "2001:db8::/32             | 10.1.2.3                 | false",
        "::/1                      | 10.1.2.3                 | true",
        // lists
        "10.0.0.0/8,192.168.0.0/16 | 192.168.7.7              | true",
        "10.0.0.0/8,192.168.0.0/16 | 172.16.0.1               | false",
        "10.0.0.0/8,2001:db8::/32  | 2001:db8::5              | true",
        "10.0.0.0/8,2001:db8::/32  | 10.0.0.5                 | true",
    })
    void matching(String list, String peer, boolean expected) throws UnknownHostException {
        assertEquals(expected, trusted(list).isTrusted(address(peer)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/8           | 10.1.2.3 | true",
        "10.0.0.0/8           | 11.1.2.3 | false",
        "::ffff:10.0.0.0/104  | 10.1.2.3 | true",
        "::ffff:10.0.0.0/104  | 11.1.2.3 | false",
        "0.0.0.0/0            | 1.2.3.4  | true",
        "2001:db8::/32        | 1.2.3.4  | false",
    })
    void ipv4PeerReportedAsMappedInet6AddressMatchesLikeItsInet4Address(String list, String ipv4, boolean expected)
            throws UnknownHostException {
        Inet6Address mapped = mappedInet6(ipv4);
        assertInstanceOf(Inet6Address.class, mapped);
        assertInstanceOf(Inet4Address.class, address(ipv4));
        assertEquals(expected, trusted(list).isTrusted(mapped));
        assertEquals(expected, trusted(list).isTrusted(address(ipv4)));
    }

    @Test
    void scopeIdsDoNotMatter() throws UnknownHostException {
        Inet6Address linkLocal = Inet6Address.getByAddress(null, InetLiterals.parse("fe80::1"), 3);
        assertTrue(trusted("fe80::/10").isTrusted(linkLocal));
        assertFalse(trusted("2001:db8::/32").isTrusted(linkLocal));
    }

    @Test
    void anyPeer() throws UnknownHostException {
        TrustedPeers any = TrustedPeers.anyPeer();
        assertTrue(any.allowsAnyPeer());
        assertTrue(any.isTrusted(address("203.0.113.9")));
        assertTrue(any.isTrusted(address("2001:db8::9")));
        assertEquals("ANY", any.toString());
        assertFalse(trusted("0.0.0.0/0,::/0").allowsAnyPeer(), "an explicit list is never 'not set'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/8                    | 10.0.0.0/8",
        "' 10.0.0.0/8 , 10.1.2.3/32 '  | 10.0.0.0/8,10.1.2.3",
        "0.0.0.0/0                     | 0.0.0.0/0",
        "::/0                          | ::/0",
        "::                            | ::",
        "2001:DB8:0:0::/32             | 2001:db8::/32",
        "2001:0db8:0000:0000:0000:0000:0000:0001 | 2001:db8::1",
        "2001:db8:0:0:1:0:0:1          | 2001:db8::1:0:0:1",
        "2001:0:0:1:0:0:0:1            | 2001:0:0:1::1",
        "2001:db8:0:1:1:1:1:1          | 2001:db8:0:1:1:1:1:1",
        "1::                           | 1::",
        "::ffff:10.0.0.0/104           | ::ffff:10.0.0.0/104",
        "::FFFF:a00:0/104              | ::ffff:10.0.0.0/104",
        "::ffff:10.1.2.3/128           | ::ffff:10.1.2.3",
        "fe80::/10                     | fe80::/10",
    })
    void canonicalNotation(String list, String expected) {
        assertEquals(expected, trusted(list).toString());
    }

    @Test
    void equalityIgnoresOrderAndNotation() {
        assertEquals(trusted("10.0.0.0/8,::1"), trusted("::1/128, ::ffff:10.0.0.0/104"));
        assertEquals(trusted("10.0.0.0/8,::1").hashCode(), trusted("::1/128, ::ffff:10.0.0.0/104").hashCode());
        assertNotEquals(trusted("10.0.0.0/8"), trusted("10.0.0.0/9"));
        assertNotEquals(trusted("10.0.0.0/8"), TrustedPeers.anyPeer());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "10.0.0.1/8              | 10.0.0.1/8 has host bits set beyond the /8 prefix; did you mean 10.0.0.0/8?",
        "192.168.1.1/24          | 192.168.1.1/24 has host bits set beyond the /24 prefix; did you mean 192.168.1.0/24?",
        "1.2.3.4/0               | 1.2.3.4/0 has host bits set beyond the /0 prefix; did you mean 0.0.0.0/0?",
        "2001:db8::1/32          | 2001:db8::1/32 has host bits set beyond the /32 prefix; did you mean 2001:db8::/32?",
        "2001:db8::8000:0:0:0/64 | 2001:db8::8000:0:0:0/64 has host bits set beyond the /64 prefix; did you mean 2001:db8::/64?",
        "::1/0                   | ::1/0 has host bits set beyond the /0 prefix; did you mean ::/0?",
        "::ffff:10.0.0.1/104     | ::ffff:10.0.0.1/104 has host bits set beyond the /104 prefix; did you mean ::ffff:10.0.0.0/104?",
        "localhost               | \"localhost\" is not an IPv4 or IPv6 address (names are never resolved)",
        "lb.example.com/32       | \"lb.example.com\" is not an IPv4 or IPv6 address (names are never resolved)",
        "[::1]                   | \"[::1]\" is not an IPv4 or IPv6 address (names are never resolved)",
        "fe80::1%eth0            | \"fe80::1%eth0\" is not an IPv4 or IPv6 address (names are never resolved)",
        "010.0.0.0/8             | \"010.0.0.0\" is not an IPv4 or IPv6 address (names are never resolved)",
        "10.0.0/8                | \"10.0.0\" is not an IPv4 or IPv6 address (names are never resolved)",
        "/8                      | \"\" is not an IPv4 or IPv6 address (names are never resolved)",
        "*                       | \"*\" is not an IPv4 or IPv6 address (names are never resolved)",
        "10.0.0.0/33             | \"10.0.0.0/33\" has a prefix length that is not 0-32",
        "::/129                  | \"::/129\" has a prefix length that is not 0-128",
        "10.0.0.0/               | \"10.0.0.0/\" has a prefix length that is not 0-32",
        "10.0.0.0/08             | \"10.0.0.0/08\" has a prefix length that is not 0-32",
        "10.0.0.0/-1             | \"10.0.0.0/-1\" has a prefix length that is not 0-32",
        "10.0.0.0/8/8            | \"10.0.0.0/8/8\" has a prefix length that is not 0-32",
        "10.0.0.0/ 8             | \"10.0.0.0/ 8\" has a prefix length that is not 0-32",
        "10.0.0.0/255.0.0.0      | \"10.0.0.0/255.0.0.0\" has a prefix length that is not 0-32",
        "10.0.0.0/8,             | the list has an empty item",
        "``                      | the value is empty",
        "10.0.0.0/8,10.0.0.0/8   | the list names the network 10.0.0.0/8 twice",
        "10.0.0.0/8,::ffff:10.0.0.0/104 | the list names the network 10.0.0.0/8 twice",
        "::1,::1/128             | the list names the network ::1 twice",
    })
    void invalidLists(String list, String detail) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> TrustedPeers.parse(list));
        assertEquals(detail, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/8", "2001:db8::/32", "::ffff:10.0.0.0/104"})
    void perPortListsReplaceTheGlobalOne(String portList) {
        ProxywrapConfig config = Sources.none().sys("proxywrap.ports", "80,81").sys("proxywrap.trusted", "192.0.2.0/24")
                .sys("proxywrap.port.81.trusted", portList).load();
        assertEquals(trusted("192.0.2.0/24"), config.policy(80).trustedPeers());
        assertEquals(trusted(portList), config.policy(81).trustedPeers());
    }
}

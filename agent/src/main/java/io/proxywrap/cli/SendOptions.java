package io.proxywrap.cli;

import io.proxywrap.core.codec.ProxyHeaderEncoder;
import io.proxywrap.core.codec.Tlv;
import io.proxywrap.core.net.InetLiterals;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code send} command's flags, checked without touching the network: only {@code --to}
 * names the user's own server and may be a host name; the addresses the header claims are
 * literals, parsed by {@link InetLiterals}, never resolved.
 */
final class SendOptions {

    /** TEST-NET-3 and the IPv6 documentation prefix (RFC 5737, RFC 3849): no real client has them. */
    static final String DEFAULT_SOURCE_V4 = "203.0.113.7:4242";
    static final String DEFAULT_SOURCE_V6 = "[2001:db8::7]:4242";

    /** The flags as {@link Help} lists them. */
    static final String USAGE = String.join("\n",
            "java -jar proxywrap.jar send --to HOST:PORT [options]",
            "  Connects to HOST:PORT, writes a PROXY header, then GET <path> HTTP/1.1 with Host and",
            "  Connection: close, and prints the response (status line, headers, body) to stdout; what was",
            "  sent goes to stderr. Exit status 0: a response came back; 1: none (closed or reset without a",
            "  response, refused, timed out, TLS failed); 2: a usage error. Connect and read time out after "
                    + Send.TIMEOUT_SECONDS + " s.",
            "  --to HOST:PORT           the server (required); HOST a name or an address, IPv6 as [::1]:8080",
            "  --v1 | --v2              the header's version (default --v1)",
            "  --source ADDR:PORT       the client the header claims: an address, never a name, IPv6 in",
            "                           brackets (default " + DEFAULT_SOURCE_V4 + ", or " + DEFAULT_SOURCE_V6
                    + " when the",
            "                           destination is IPv6)",
            "  --destination ADDR:PORT  the address the client dialled, written as --source (default: the",
            "                           address --to connects to)",
            "  --local                  a header without addresses (v1 UNKNOWN, v2 LOCAL, as a balancer's health",
            "                           check): the server keeps the connection's own addresses",
            "  --tlv NAME=VALUE         v2: add a TLV, in order, repeatable; NAME is alpn, authority, unique-id",
            "                           or netns (VALUE as text), or a type 0x00-0xff (VALUE in hex, e.g.",
            "                           --tlv 0xea=01767063652d31 for AWS's VPC endpoint id vpce-1)",
            "  --ssl KEY=VALUE,...      v2: add an SSL TLV saying the client spoke TLS to the balancer; KEYs",
            "                           version, cipher, cn, sig-alg, key-alg (sub-TLVs) and verify (a number,",
            "                           default 0); cn also sets the client-certificate bits",
            "  --crc32c                 v2: add a CRC32C TLV (first, as haproxy does)",
            "  --tls                    speak TLS to the server after the header; its certificate must be",
            "                           trusted by the JDK's trust store and name the Host",
            "  --insecure               with --tls: accept any certificate and name",
            "  --path PATH              the request path (default /)",
            "  --host HOST              the Host header, and the name TLS checks (default: --to as written)");

    /** The names --tlv accepts, with the TLV type each stands for. */
    private static final Map<String, Integer> TLV_NAMES = new LinkedHashMap<String, Integer>();
    /** The --ssl keys that are sub-TLVs, with their types. */
    private static final Map<String, Integer> SSL_SUB_TLVS = new LinkedHashMap<String, Integer>();
    private static final String SSL_VERIFY = "verify";

    static {
        TLV_NAMES.put("alpn", Tlv.ALPN);
        TLV_NAMES.put("authority", Tlv.AUTHORITY);
        TLV_NAMES.put("unique-id", Tlv.UNIQUE_ID);
        TLV_NAMES.put("netns", Tlv.NETNS);
        SSL_SUB_TLVS.put("version", Tlv.SSL_VERSION);
        SSL_SUB_TLVS.put("cipher", Tlv.SSL_CIPHER);
        SSL_SUB_TLVS.put("cn", Tlv.SSL_CN);
        SSL_SUB_TLVS.put("sig-alg", Tlv.SSL_SIG_ALG);
        SSL_SUB_TLVS.put("key-alg", Tlv.SSL_KEY_ALG);
    }

    /** A literal address and port from --source or --destination. */
    static final class Endpoint {
        final byte[] address;
        final int port;

        Endpoint(byte[] address, int port) {
            this.address = address;
            this.port = port;
        }
    }

    /** One TLV in the order given: type and value. */
    static final class TlvArgument {
        final int type;
        final byte[] value;

        TlvArgument(int type, byte[] value) {
            this.type = type;
            this.value = value;
        }
    }

    final String toHost;
    final int toPort;
    final int version;
    /** Null for the default, which depends on the destination's family. */
    final Endpoint source;
    /** Null for the default: the address --to connects to. */
    final Endpoint destination;
    final boolean local;
    final List<TlvArgument> tlvs;
    final boolean crc32c;
    final boolean tls;
    final boolean insecure;
    final String path;
    final String host;

    private SendOptions(Parser p) {
        this.toHost = p.toHost;
        this.toPort = p.toPort;
        this.version = p.version;
        this.source = p.source;
        this.destination = p.destination;
        this.local = p.local;
        this.tlvs = Collections.unmodifiableList(p.tlvs);
        this.crc32c = p.crc32c;
        this.tls = p.tls;
        this.insecure = p.insecure;
        this.path = p.path;
        this.host = p.host != null ? p.host : defaultHost(p.toHost, p.toPort, p.tls);
    }

    /** The Host header curl would send: the port only when it is not the scheme's default. */
    private static String defaultHost(String toHost, int toPort, boolean tls) {
        String host = toHost.indexOf(':') >= 0 ? "[" + toHost + "]" : toHost;
        return toPort == (tls ? 443 : 80) ? host : host + ":" + toPort;
    }

    /** The name TLS sends (SNI) and checks the certificate against: the Host header's, without a port. */
    String tlsHostName() {
        if (host.startsWith("[")) {
            return host.substring(1, host.indexOf(']'));
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /** {@code args} after the word {@code send}. */
    static SendOptions parse(List<String> args) throws UsageException {
        Parser parser = new Parser();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                value = arg.substring(equals + 1);
                arg = arg.substring(0, equals);
            }
            if (Parser.TAKES_VALUE.contains(arg) && value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(arg + " needs a value");
                }
                value = args.get(++i);
            } else if (!Parser.TAKES_VALUE.contains(arg) && value != null) {
                throw new UsageException(arg + " takes no value");
            }
            parser.accept(arg, value);
        }
        return parser.finish();
    }

    /**
     * The header to send to {@code server} (resolved: the default destination is its address).
     *
     * @throws UsageException when the flags ask for a header the protocol cannot carry
     */
    byte[] header(InetSocketAddress server) throws UsageException {
        if (local) {
            return version == 1 ? ProxyHeaderEncoder.v1Unknown() : v2(ProxyHeaderEncoder.v2Local());
        }
        Endpoint to = destination != null ? destination
                : new Endpoint(server.getAddress().getAddress(), server.getPort());
        Endpoint from = source != null ? source
                : endpoint("--source", to.address.length == 4 ? DEFAULT_SOURCE_V4 : DEFAULT_SOURCE_V6);
        if (from.address.length != to.address.length) {
            throw new UsageException("the source and destination must both be IPv4 or both IPv6, but "
                    + (destination == null ? "--to " + toHost + " connects to " + server.getAddress().getHostAddress()
                            + " and --source is " + (from.address.length == 4 ? "IPv4" : "IPv6")
                            : "--source and --destination differ")
                    + "; give both --source and --destination");
        }
        try {
            return version == 1 ? ProxyHeaderEncoder.v1(from.address, from.port, to.address, to.port)
                    : v2(ProxyHeaderEncoder.v2Proxy(from.address, from.port, to.address, to.port));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private byte[] v2(ProxyHeaderEncoder header) throws UsageException {
        try {
            if (crc32c) {
                header.crc32c();
            }
            for (TlvArgument tlv : tlvs) {
                header.tlv(tlv.type, tlv.value);
            }
            return header.encode();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** {@code GET <path> HTTP/1.1} with Host and Connection: close. */
    byte[] request(String userAgent) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: " + userAgent
                + "\r\nAccept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code ADDR:PORT} with a literal address, IPv6 in brackets. */
    static Endpoint endpoint(String flag, String text) throws UsageException {
        String[] hostAndPort = hostAndPort(text);
        byte[] address = hostAndPort == null ? null : InetLiterals.parse(hostAndPort[0]);
        if (address == null || (address.length == 16) != text.startsWith("[")) {
            throw new UsageException(flag + " " + text + ": expected ADDRESS:PORT with an IPv4 address or an IPv6 one "
                    + "in brackets, e.g. 203.0.113.7:4242 or [2001:db8::7]:4242 (never a name)");
        }
        return new Endpoint(address, port(flag, text, hostAndPort[1], 0));
    }

    /** The host (brackets removed) and port text of {@code HOST:PORT} or {@code [IPv6]:PORT}, or null. */
    private static String[] hostAndPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() < 3) {
                return null;
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            return null; // an IPv6 address without brackets: where it ends is ambiguous
        }
        return new String[] {host, text.substring(colon + 1)};
    }

    private static int port(String flag, String text, String port, int min) throws UsageException {
        if (!port.matches("0|[1-9][0-9]{0,4}") || Integer.parseInt(port) > 65535 || Integer.parseInt(port) < min) {
            throw new UsageException(flag + " " + text + ": the port must be " + min + "-65535");
        }
        return Integer.parseInt(port);
    }

    /** Collects the flags, then checks how they combine. */
    private static final class Parser {
        static final Set<String> TAKES_VALUE = new HashSet<String>(Arrays.asList(
                "--to", "--source", "--destination", "--tlv", "--ssl", "--path", "--host"));
        /** Flags that may be given more than once. */
        private static final String REPEATABLE = "--tlv";

        private final Set<String> seen = new HashSet<String>();
        String toHost;
        int toPort;
        int version = 1;
        Endpoint source;
        Endpoint destination;
        boolean local;
        final List<TlvArgument> tlvs = new ArrayList<TlvArgument>();
        boolean crc32c;
        boolean tls;
        boolean insecure;
        String path = "/";
        String host;

        void accept(String flag, String value) throws UsageException {
            if (!seen.add(flag) && !flag.equals(REPEATABLE)) {
                throw new UsageException(flag + " is given twice");
            }
            if (flag.equals("--to")) {
                String[] hostAndPort = hostAndPort(value);
                if (hostAndPort == null || hostAndPort[0].isEmpty() || !isToken(hostAndPort[0])) {
                    throw new UsageException("--to " + value + ": expected HOST:PORT, e.g. 127.0.0.1:8080, "
                            + "localhost:8080 or [::1]:8080");
                }
                toHost = hostAndPort[0];
                toPort = port(flag, value, hostAndPort[1], 1);
            } else if (flag.equals("--v1") || flag.equals("--v2")) {
                if (seen.contains("--v1") && seen.contains("--v2")) {
                    throw new UsageException("--v1 and --v2 exclude each other");
                }
                version = flag.equals("--v1") ? 1 : 2;
            } else if (flag.equals("--source")) {
                source = endpoint(flag, value);
            } else if (flag.equals("--destination")) {
                destination = endpoint(flag, value);
            } else if (flag.equals("--local")) {
                local = true;
            } else if (flag.equals("--tlv")) {
                tlvs.add(tlv(value));
            } else if (flag.equals("--ssl")) {
                tlvs.add(ssl(value));
            } else if (flag.equals("--crc32c")) {
                crc32c = true;
            } else if (flag.equals("--tls")) {
                tls = true;
            } else if (flag.equals("--insecure")) {
                insecure = true;
            } else if (flag.equals("--path")) {
                if (!value.startsWith("/") || !isToken(value)) {
                    throw new UsageException("--path " + value + ": expected a path starting with /, without spaces");
                }
                path = value;
            } else if (flag.equals("--host")) {
                if (value.isEmpty() || !isToken(value)) {
                    throw new UsageException("--host \"" + value + "\": expected a host name, without spaces");
                }
                host = value;
            } else {
                throw new UsageException("unknown option " + flag);
            }
        }

        SendOptions finish() throws UsageException {
            if (toHost == null) {
                throw new UsageException("--to HOST:PORT is required");
            }
            if (local && (source != null || destination != null)) {
                throw new UsageException("--local sends no addresses, so it excludes --source and --destination");
            }
            if (version == 1 && (!tlvs.isEmpty() || crc32c)) {
                throw new UsageException("--tlv, --ssl and --crc32c need --v2: v1 headers carry no TLVs");
            }
            if (source != null && destination != null && source.address.length != destination.address.length) {
                throw new UsageException("--source and --destination must both be IPv4 or both IPv6");
            }
            if (insecure && !tls) {
                throw new UsageException("--insecure only applies with --tls");
            }
            return new SendOptions(this);
        }

        /** Printable ASCII without spaces: what fits in a request line or Host header unescaped. */
        private static boolean isToken(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c <= ' ' || c > '~') {
                    return false;
                }
            }
            return true;
        }

        private static TlvArgument tlv(String text) throws UsageException {
            int equals = text.indexOf('=');
            String name = equals < 0 ? text : text.substring(0, equals);
            if (equals < 0) {
                throw new UsageException("--tlv " + text + ": expected NAME=VALUE");
            }
            String value = text.substring(equals + 1);
            Integer named = TLV_NAMES.get(name);
            if (named != null) {
                return new TlvArgument(named, value.getBytes(StandardCharsets.UTF_8));
            }
            if (name.matches("0[xX][0-9a-fA-F]{2}")) {
                byte[] bytes = hex(value);
                if (bytes == null) {
                    throw new UsageException("--tlv " + text + ": a numbered TLV's value is hex digits, two a byte");
                }
                int type = Integer.parseInt(name.substring(2), 16);
                if (type == Tlv.CRC32C) {
                    throw new UsageException("--tlv " + text + ": a CRC32C is computed over the header; use --crc32c");
                }
                return new TlvArgument(type, bytes);
            }
            throw new UsageException("--tlv " + text + ": NAME is one of " + String.join(", ", TLV_NAMES.keySet())
                    + ", or a type 0x00-0xff");
        }

        private static TlvArgument ssl(String text) throws UsageException {
            Map<String, String> pairs = new LinkedHashMap<String, String>();
            for (String pair : text.split(",", -1)) {
                int equals = pair.indexOf('=');
                String key = equals < 0 ? pair : pair.substring(0, equals);
                if (equals < 0 || (!SSL_SUB_TLVS.containsKey(key) && !key.equals(SSL_VERIFY))) {
                    throw new UsageException("--ssl " + text + ": expected KEY=VALUE pairs separated by ',', KEY one of "
                            + String.join(", ", SSL_SUB_TLVS.keySet()) + ", " + SSL_VERIFY);
                }
                if (pairs.put(key, pair.substring(equals + 1)) != null) {
                    throw new UsageException("--ssl " + text + ": " + key + " is given twice");
                }
            }
            int verify = 0;
            String verifyText = pairs.remove(SSL_VERIFY);
            if (verifyText != null) {
                if (!verifyText.matches("0|[1-9][0-9]{0,9}") || Long.parseLong(verifyText) > 0xFFFFFFFFL) {
                    throw new UsageException("--ssl " + text + ": verify is a number 0-4294967295");
                }
                verify = (int) Long.parseLong(verifyText);
            }
            int client = Tlv.Ssl.CLIENT_SSL;
            if (pairs.containsKey("cn")) {
                client |= Tlv.Ssl.CLIENT_CERT_CONN | Tlv.Ssl.CLIENT_CERT_SESS;
            }
            List<byte[]> subTlvs = new ArrayList<byte[]>();
            for (Map.Entry<String, String> pair : pairs.entrySet()) {
                subTlvs.add(ProxyHeaderEncoder.tlvBytes(SSL_SUB_TLVS.get(pair.getKey()),
                        pair.getValue().getBytes(StandardCharsets.UTF_8)));
            }
            return new TlvArgument(Tlv.SSL, ProxyHeaderEncoder.sslValue(client, verify,
                    subTlvs.toArray(new byte[0][])));
        }

        /** Even-length hex, or null. */
        private static byte[] hex(String text) {
            if (text.length() % 2 != 0 || !text.matches("[0-9a-fA-F]*")) {
                return null;
            }
            byte[] bytes = new byte[text.length() / 2];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
            }
            return bytes;
        }
    }
}

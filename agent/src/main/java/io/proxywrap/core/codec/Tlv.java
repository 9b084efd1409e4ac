package io.proxywrap.core.codec;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A PROXY v2 Type-Length-Value field (proxy-protocol.txt §2.2), decoded into a typed value where
 * the spec or a cloud vendor defines one, and kept raw otherwise.
 *
 * <p>PP2_TYPE_NOOP is padding and carries nothing, so the decoder checks its bounds and drops it.
 */
public abstract class Tlv {

    // Type codes, proxy-protocol.txt §2.2.
    public static final int ALPN = 0x01;
    public static final int AUTHORITY = 0x02;
    public static final int CRC32C = 0x03;
    public static final int NOOP = 0x04;
    public static final int UNIQUE_ID = 0x05;
    public static final int SSL = 0x20;
    public static final int SSL_VERSION = 0x21;
    public static final int SSL_CN = 0x22;
    public static final int SSL_CIPHER = 0x23;
    public static final int SSL_SIG_ALG = 0x24;
    public static final int SSL_KEY_ALG = 0x25;
    public static final int NETNS = 0x30;
    // Vendor types from the PP2_TYPE_MIN_CUSTOM..MAX_CUSTOM range (0xE0-0xEF), as each vendor documents it.
    public static final int GCP = 0xE0;
    public static final int AWS = 0xEA;
    public static final int AZURE = 0xEE;

    private final int type;

    Tlv(int type) {
        this.type = type;
    }

    /** The type byte, 0-255. */
    public final int type() {
        return type;
    }

    /** PP2_TYPE_ALPN: the application protocol the client negotiated with the sender, e.g. {@code h2}. */
    public static final class Alpn extends Tlv {
        private final byte[] protocol;

        Alpn(byte[] protocol) {
            super(ALPN);
            this.protocol = protocol;
        }

        /** The protocol id; ALPN ids are octets, registered ones ASCII, so ISO-8859-1 is lossless. */
        public String protocol() {
            return new String(protocol, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return "ALPN " + protocol();
        }
    }

    /**
     * A TLV whose value the spec defines as a string: AUTHORITY (UTF-8 host name, usually SNI),
     * NETNS (US-ASCII namespace name) and the SSL sub-TLVs VERSION, CN (UTF-8), CIPHER, SIG_ALG,
     * KEY_ALG (US-ASCII). One class, told apart by {@link #type()}.
     */
    public static final class Text extends Tlv {
        private final byte[] bytes;
        private final Charset charset;
        /**
         * Decoded on first use: most TLVs of most connections are never read, and a header is
         * decoded on every connection. Racy but safe: Strings are immutable, so a thread that
         * sees null decodes the same value again.
         */
        private String value;

        Text(int type, byte[] bytes, Charset charset) {
            super(type);
            this.bytes = bytes;
            this.charset = charset;
        }

        public String value() {
            String decoded = value;
            if (decoded == null) {
                decoded = new String(bytes, charset);
                value = decoded;
            }
            return decoded;
        }

        @Override
        public String toString() {
            return "TLV 0x" + Integer.toHexString(type()) + " " + value();
        }
    }

    /** PP2_TYPE_CRC32C; the decoder has already verified it against the header. */
    public static final class Crc32c extends Tlv {
        private final int checksum;

        Crc32c(int checksum) {
            super(CRC32C);
            this.checksum = checksum;
        }

        public int checksum() {
            return checksum;
        }

        @Override
        public String toString() {
            return String.format("CRC32C %08x", checksum);
        }
    }

    /** PP2_TYPE_UNIQUE_ID: an opaque id of at most 128 bytes (haproxy's {@code unique-id-format}). */
    public static final class UniqueId extends Tlv {
        private final byte[] id;

        UniqueId(byte[] id) {
            super(UNIQUE_ID);
            this.id = id;
        }

        public byte[] id() {
            return id.clone();
        }

        /** The id as text: senders format it from text; ISO-8859-1 keeps every byte. */
        public String idAsString() {
            return new String(id, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return "UNIQUE_ID " + idAsString();
        }
    }

    /** PP2_TYPE_SSL (§2.2.6): how the client spoke to the sender, and its certificate details. */
    public static final class Ssl extends Tlv {
        /** PP2_CLIENT_SSL: the client connected over SSL/TLS. */
        public static final int CLIENT_SSL = 0x01;
        /** PP2_CLIENT_CERT_CONN: the client presented a certificate on this connection. */
        public static final int CLIENT_CERT_CONN = 0x02;
        /** PP2_CLIENT_CERT_SESS: the client presented a certificate at least once in this TLS session. */
        public static final int CLIENT_CERT_SESS = 0x04;

        private final int client;
        private final int verify;
        private final List<Tlv> subTlvs;

        Ssl(int client, int verify, List<Tlv> subTlvs) {
            super(SSL);
            this.client = client;
            this.verify = verify;
            this.subTlvs = Collections.unmodifiableList(subTlvs);
        }

        /** The {@code client} bit field. */
        public int client() {
            return client;
        }

        /**
         * The {@code verify} field (§2.2.6): 0 only when the client presented a certificate and
         * it was verified; non-zero otherwise, including when no certificate was presented.
         */
        public int verify() {
            return verify;
        }

        /** True when the client spoke TLS to the sender, i.e. the request is "secure". */
        public boolean clientUsedSsl() {
            return (client & CLIENT_SSL) != 0;
        }

        /** The sub-TLVs in the order received; unknown ones are kept as {@link Raw}. */
        public List<Tlv> subTlvs() {
            return subTlvs;
        }

        public String version() {
            return text(SSL_VERSION);
        }

        public String commonName() {
            return text(SSL_CN);
        }

        public String cipher() {
            return text(SSL_CIPHER);
        }

        public String signatureAlgorithm() {
            return text(SSL_SIG_ALG);
        }

        public String keyAlgorithm() {
            return text(SSL_KEY_ALG);
        }

        private String text(int subType) {
            for (Tlv tlv : subTlvs) {
                if (tlv.type() == subType && tlv instanceof Text) {
                    return ((Text) tlv).value();
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "SSL{client=0x" + Integer.toHexString(client) + " verify=" + verify + " " + subTlvs + "}";
        }
    }

    /** AWS 0xEA subtype 0x01 (PP2_SUBTYPE_AWS_VPCE_ID): the VPC endpoint id the client came through. */
    public static final class AwsVpcEndpointId extends Tlv {
        /** The id's bytes, US-ASCII. */
        private final byte[] bytes;
        /**
         * Decoded on first use, as {@link Text#value()} is and for the same reasons. Also: a
         * String can only be made by copying an array, so made while decoding a direct buffer it
         * needed a temporary copy of the bytes besides the one it keeps.
         */
        private String vpcEndpointId;

        AwsVpcEndpointId(byte[] bytes) {
            super(AWS);
            this.bytes = bytes;
        }

        public String vpcEndpointId() {
            String decoded = vpcEndpointId;
            if (decoded == null) {
                decoded = new String(bytes, StandardCharsets.US_ASCII);
                vpcEndpointId = decoded;
            }
            return decoded;
        }

        @Override
        public String toString() {
            return "AWS VPCE " + vpcEndpointId();
        }
    }

    /** Azure 0xEE subtype 0x01 (PP2_SUBTYPE_AZURE_PRIVATEENDPOINT_LINKID): a little-endian u32. */
    public static final class AzureLinkId extends Tlv {
        private final long linkId;

        AzureLinkId(long linkId) {
            super(AZURE);
            this.linkId = linkId;
        }

        /** The link id, unsigned. */
        public long linkId() {
            return linkId;
        }

        @Override
        public String toString() {
            return "AZURE LINKID " + linkId;
        }
    }

    /** GCP 0xE0: the Private Service Connect connection id, 8 bytes big-endian. */
    public static final class GcpPscConnectionId extends Tlv {
        private final long connectionId;

        GcpPscConnectionId(long connectionId) {
            super(GCP);
            this.connectionId = connectionId;
        }

        /** The id as Java reads 8 bytes; use {@link #connectionIdAsString()} for the unsigned value. */
        public long connectionId() {
            return connectionId;
        }

        public String connectionIdAsString() {
            return Long.toUnsignedString(connectionId);
        }

        @Override
        public String toString() {
            return "GCP PSC " + connectionIdAsString();
        }
    }

    /** Any TLV we have no type for, kept byte for byte. */
    public static final class Raw extends Tlv {
        private final byte[] value;

        Raw(int type, byte[] value) {
            super(type);
            this.value = value;
        }

        public byte[] value() {
            return value.clone();
        }

        @Override
        public String toString() {
            return "TLV 0x" + Integer.toHexString(type()) + " " + Arrays.toString(value);
        }
    }
}

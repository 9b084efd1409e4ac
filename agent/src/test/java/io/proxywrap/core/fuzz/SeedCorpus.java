package io.proxywrap.core.fuzz;

import io.proxywrap.core.testing.SenderVectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes the fuzz tests' seed inputs, which Jazzer also runs as regression inputs: every row of
 * {@code shared/vectors/senders.tsv} and representative items of the conformance checklist
 * (BRIEF §4), accepted and rejected, encoded in each fuzz test's input format.
 *
 * <p>Run from the {@code agent} directory after {@code mvn -pl agent test-compile}:
 * <pre>java -cp target/test-classes:target/classes io.proxywrap.core.fuzz.SeedCorpus</pre>
 * It rewrites the {@code seed-*} files under {@code src/test/resources}; other files there (such
 * as {@code regression-*} inputs from fuzzing findings) are left alone. {@link SeedCorpusTest}
 * fails when the committed seeds differ from what this writes.
 */
public final class SeedCorpus {

    static final String PACKAGE_DIR = "io/proxywrap/core/fuzz/";
    static final String DECODER_DIR = PACKAGE_DIR + "ProxyHeaderDecoderFuzzTestInputs/frameAndDecode/";
    static final String READER_DIR = PACKAGE_DIR + "ProxyHeaderReaderFuzzTestInputs/fragmentedStream/";
    static final String SEED_PREFIX = "seed-";

    private static final byte[] REQUEST = ascii("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    private static final byte[] V2_SIGNATURE = {
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
    };
    private static final byte[] INET_BLOCK = {(byte) 192, 0, 2, 1, (byte) 198, 51, 100, 2,
        (byte) 0xC7, 0x38, 0x1F, (byte) 0x90}; // 192.0.2.1:51000 -> 198.51.100.2:8080

    private SeedCorpus() {
    }

    public static void main(String[] args) throws IOException {
        Path resources = Paths.get(args.length > 0 ? args[0] : "src/test/resources");
        write(resources.resolve(DECODER_DIR), decoderSeeds());
        write(resources.resolve(READER_DIR), readerSeeds());
    }

    private static void write(Path dir, Map<String, byte[]> seeds) throws IOException {
        Files.createDirectories(dir);
        try (var old = Files.list(dir)) {
            for (Path p : (Iterable<Path>) old::iterator) {
                if (p.getFileName().toString().startsWith(SEED_PREFIX)) {
                    Files.delete(p);
                }
            }
        }
        for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
            Files.write(dir.resolve(seed.getKey()), seed.getValue());
        }
        System.out.println(seeds.size() + " seeds in " + dir);
    }

    // ------------------------------------------------------------------ the seeds

    /** File name to contents for {@link ProxyHeaderDecoderFuzzTest#frameAndDecode}. */
    static Map<String, byte[]> decoderSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (SenderVectors v : SenderVectors.all()) {
            seeds.put(SEED_PREFIX + "vector-" + v.name(), decoderInput(0, 0, v.bytes()));
        }
        for (Map.Entry<String, byte[]> s : checklist().entrySet()) {
            seeds.put(SEED_PREFIX + s.getKey(), decoderInput(0, 0, s.getValue()));
        }
        Map<String, byte[]> samples = checklist();
        seeds.put(SEED_PREFIX + "v1-only-given-v2", decoderInput(1, 0, samples.get("v2-inet-tcp")));
        seeds.put(SEED_PREFIX + "v2-only-given-v1", decoderInput(2, 0, samples.get("v1-tcp4")));
        seeds.put(SEED_PREFIX + "v2-max-216-ssl", decoderInput(0, 216, samples.get("v2-ssl-crc32c")));
        seeds.put(SEED_PREFIX + "v2-max-65535-unix", decoderInput(0, 0xFFFF, samples.get("v2-unix-stream")));
        // With the CRC32C fixed up by the test, so mutations of these keep a valid checksum.
        seeds.put(SEED_PREFIX + "v2-tlvs-crc32c-fixed", decoderInput(4, 0, samples.get("v2-tlvs-crc32c")));
        seeds.put(SEED_PREFIX + "v2-ssl-crc32c-fixed", decoderInput(4, 0, samples.get("v2-ssl-crc32c")));
        seeds.put(SEED_PREFIX + "vector-haproxy-v2-ssl-sni-crc32c-fixed",
                decoderInput(4, 0, vector("haproxy-v2-ssl-sni")));
        return seeds;
    }

    /** File name to contents for {@link ProxyHeaderReaderFuzzTest#fragmentedStream}. */
    static Map<String, byte[]> readerSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        ReaderSetup[] setups = ReaderSetup.values();
        for (SenderVectors v : SenderVectors.all()) {
            for (ReaderSetup setup : setups) {
                seeds.put(SEED_PREFIX + "vector-" + v.name() + "-" + setup.label, setup.encode(concat(v.bytes(), REQUEST)));
            }
        }
        int i = 0;
        for (Map.Entry<String, byte[]> s : checklist().entrySet()) {
            byte[] stream = concat(s.getValue(), REQUEST);
            ReaderSetup first = ReaderSetup.REQUIRED_ONE_READ;
            ReaderSetup other = setups[1 + i++ % (setups.length - 1)];
            seeds.put(SEED_PREFIX + s.getKey() + "-" + first.label, first.encode(stream));
            seeds.put(SEED_PREFIX + s.getKey() + "-" + other.label, other.encode(stream));
        }
        Map<String, byte[]> samples = checklist();
        // End of stream in the middle of things, and an untrusted peer.
        seeds.put(SEED_PREFIX + "v1-cut-optional", ReaderSetup.OPTIONAL_CHUNKS.encode(Arrays.copyOf(samples.get("v1-tcp4"), 20)));
        seeds.put(SEED_PREFIX + "v2-cut-required", ReaderSetup.REQUIRED_BYTEWISE.encode(Arrays.copyOf(samples.get("v2-inet6-tcp"), 30)));
        seeds.put(SEED_PREFIX + "partial-signature-alone-optional", ReaderSetup.OPTIONAL_CHUNKS.encode(ascii("PROX")));
        seeds.put(SEED_PREFIX + "empty-required", ReaderSetup.REQUIRED_ONE_READ.encode(new byte[0]));
        seeds.put(SEED_PREFIX + "untrusted-optional-header",
                readerInput(0x02, 0, 63, new int[] {9}, new int[] {255}, concat(samples.get("v1-tcp4"), REQUEST)));
        seeds.put(SEED_PREFIX + "untrusted-optional-data",
                readerInput(0x02, 0, 63, new int[] {9}, new int[] {255}, samples.get("http-get")));
        seeds.put(SEED_PREFIX + "v2-ssl-crc32c-fixed", readerInput(0x81, 0, 63, new int[] {13}, new int[] {7},
                concat(samples.get("v2-ssl-crc32c"), REQUEST)));
        // A large body behind the header, in big reads into a big buffer.
        byte[] body = new byte[3000];
        for (int b = 0; b < body.length; b++) {
            body[b] = (byte) (b * 31 + 7);
        }
        seeds.put(SEED_PREFIX + "v2-large-body", readerInput(0x11, 0, 200, new int[] {210, 17}, new int[] {100, 255},
                concat(samples.get("v2-ssl-crc32c"), body)));
        return seeds;
    }

    private static byte[] vector(String name) {
        return SenderVectors.all().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow().bytes();
    }

    /** Server setups for reader seeds: mode, capacity code, read sizes and consumption codes. */
    enum ReaderSetup {
        /** Required, heap buffer of 512, everything in one read, all consumed. */
        REQUIRED_ONE_READ("required-heap-oneread", 0x01, 140, new int[0], new int[0]),
        /** Required, direct 64-byte buffer, one byte per read, consuming 1, nothing, all. */
        REQUIRED_BYTEWISE("required-direct-bytewise", 0x01 | 1 << 4, 63, new int[] {1}, new int[] {1, 0, 255}),
        /** Optional, heap slice of 16, reads of 3, 7, zero and a big one, consuming 5 at a time. */
        OPTIONAL_CHUNKS("optional-heapslice-chunks", 2 << 4, 15, new int[] {3, 7, 0, 200}, new int[] {5}),
        /** Required, scattering reads into direct slices and heap buffers, some full already. */
        REQUIRED_SCATTERING("required-scattering", 0x01 | 3 << 4 | 0x40, 31, new int[] {5, 2},
                new int[] {0x41, 0x9A, 0});

        final String label;
        private final int mode;
        private final int capacity;
        private final int[] reads;
        private final int[] consumes;

        ReaderSetup(String label, int mode, int capacity, int[] reads, int[] consumes) {
            this.label = label;
            this.mode = mode;
            this.capacity = capacity;
            this.reads = reads;
            this.consumes = consumes;
        }

        byte[] encode(byte[] stream) {
            return readerInput(mode, 0, capacity, reads, consumes, stream);
        }
    }

    /** An input in {@link ProxyHeaderDecoderFuzzTest}'s format. */
    static byte[] decoderInput(int versions, int v2MaxLength, byte[] bytes) {
        return concat(new byte[] {(byte) versions, (byte) (v2MaxLength >>> 8), (byte) v2MaxLength}, bytes);
    }

    /** An input in {@link ProxyHeaderReaderFuzzTest}'s format. */
    static byte[] readerInput(int mode, int v2MaxLength, int capacityCode, int[] reads, int[] consumes, byte[] stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(mode);
        out.write(v2MaxLength >>> 8);
        out.write(v2MaxLength);
        out.write(capacityCode);
        out.write(reads.length);
        for (int r : reads) {
            out.write(r);
        }
        out.write(consumes.length);
        for (int c : consumes) {
            out.write(c);
        }
        out.writeBytes(stream);
        return out.toByteArray();
    }

    /** Representative items of the conformance checklist, good and bad, plus data that is not PROXY. */
    static Map<String, byte[]> checklist() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        // v1
        s.put("v1-tcp4", ascii("PROXY TCP4 192.0.2.1 198.51.100.2 51000 8080\r\n"));
        s.put("v1-tcp6-full", ascii("PROXY TCP6 2001:0db8:0000:0000:0000:0000:0000:0001 "
                + "2001:0db8:ffff:ffff:ffff:ffff:ffff:ffff 65535 1\r\n"));
        s.put("v1-tcp6-compressed", ascii("PROXY TCP6 :: ::1 0 443\r\n"));
        s.put("v1-tcp6-v4-suffix", ascii("PROXY TCP6 ::ffff:192.0.2.1 2001:db8::1 1234 80\r\n"));
        s.put("v1-unknown-short", ascii("PROXY UNKNOWN\r\n"));
        String f39 = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
        s.put("v1-unknown-long-107", ascii("PROXY UNKNOWN " + f39 + " " + f39 + " 65535 65535\r\n"));
        s.put("v1-unknown-108", ascii("PROXY UNKNOWN  " + f39 + " " + f39 + " 65535 65535\r\n"));
        s.put("v1-lone-lf", ascii("PROXY TCP4 192.0.2.1 198.51.100.2 1 2\n"));
        s.put("v1-lone-cr", ascii("PROXY TCP4 192.0.2.1 198.51.100.2 1 2\rx\n"));
        s.put("v1-leading-zero-port", ascii("PROXY TCP4 192.0.2.1 198.51.100.2 080 2\r\n"));
        s.put("v1-plus-port", ascii("PROXY TCP4 192.0.2.1 198.51.100.2 +80 2\r\n"));
        s.put("v1-port-65536", ascii("PROXY TCP4 192.0.2.1 198.51.100.2 65536 2\r\n"));
        s.put("v1-empty-field", ascii("PROXY TCP4 192.0.2.1  198.51.100.2 1 2\r\n"));
        s.put("v1-extra-field", ascii("PROXY TCP4 192.0.2.1 198.51.100.2 1 2 3\r\n"));
        s.put("v1-lowercase", ascii("proxy TCP4 192.0.2.1 198.51.100.2 1 2\r\n"));
        s.put("v1-proxyjunk", ascii("PROXYjunk TCP4 192.0.2.1 198.51.100.2 1 2\r\n"));
        s.put("v1-tcp4-ipv6-literal", ascii("PROXY TCP4 ::1 ::1 1 2\r\n"));
        s.put("v1-leading-zero-octet", ascii("PROXY TCP4 192.0.02.1 198.51.100.2 1 2\r\n"));
        s.put("v1-zone-id", ascii("PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n"));
        s.put("v1-hostname", ascii("PROXY TCP4 localhost 198.51.100.2 1 2\r\n"));
        // v2
        s.put("v2-local-empty", v2(0x20, 0x00, new byte[0]));
        s.put("v2-local-with-body", v2(0x20, 0x11, INET_BLOCK));
        s.put("v2-inet-tcp", v2(0x21, 0x11, INET_BLOCK));
        s.put("v2-inet-udp", v2(0x21, 0x12, INET_BLOCK));
        s.put("v2-inet6-tcp", v2(0x21, 0x21, concat(
                hex("20010db8000000000000000000000001" + "20010db8ffffffffffffffffffffffff"), hex("c738" + "01bb"))));
        s.put("v2-unix-stream", v2(0x21, 0x31, concat(unixPath("/var/run/client.sock"), unixPath("/tmp/server"))));
        s.put("v2-unix-dgram", v2(0x21, 0x32, concat(unixPath("@abstract"), unixPath(""))));
        s.put("v2-tlvs-crc32c", withCrc(v2(0x21, 0x11, concat(INET_BLOCK,
                tlv(0x01, ascii("h2")), tlv(0x02, ascii("example.com")), tlv(0x05, ascii("unique-id-1")),
                tlv(0x04, new byte[3]), tlv(0x03, new byte[4])))));
        s.put("v2-crc32c-mismatch", v2(0x21, 0x11, concat(INET_BLOCK, tlv(0x03, hex("deadbeef")))));
        s.put("v2-two-crc32c", withCrc(v2(0x21, 0x11, concat(INET_BLOCK, tlv(0x03, new byte[4]), tlv(0x03, new byte[4])))));
        s.put("v2-ssl-crc32c", withCrc(v2(0x21, 0x11, concat(INET_BLOCK, tlv(0x03, new byte[4]),
                tlv(0x20, concat(hex("07" + "00000000"), tlv(0x21, ascii("TLSv1.3")), tlv(0x22, ascii("client.example")),
                        tlv(0x23, ascii("TLS_AES_256_GCM_SHA384")), tlv(0x24, ascii("RSA-SHA256")),
                        tlv(0x25, ascii("RSA2048")), tlv(0x20, hex("0100000000"))))))));
        s.put("v2-ssl-short", v2(0x21, 0x11, concat(INET_BLOCK, tlv(0x20, hex("01000000")))));
        s.put("v2-cloud-tlvs", v2(0x21, 0x11, concat(INET_BLOCK, tlv(0x30, ascii("blue")),
                tlv(0xEA, concat(hex("01"), ascii("vpce-08d2bf15fac5001c9"))), tlv(0xEE, hex("0178563412")),
                tlv(0xE0, hex("0102030405060708")), tlv(0xF0, hex("cafe")))));
        s.put("v2-noop-padding", v2(0x21, 0x11, concat(INET_BLOCK, tlv(0x04, new byte[100]))));
        s.put("v2-version-1", v2(0x11, 0x11, INET_BLOCK));
        s.put("v2-command-2", v2(0x22, 0x11, INET_BLOCK));
        s.put("v2-family-undefined", v2(0x21, 0x13, INET_BLOCK));
        s.put("v2-proxy-unspec", v2(0x21, 0x00, new byte[0]));
        s.put("v2-address-block-short", v2(0x21, 0x21, INET_BLOCK));
        s.put("v2-length-4097", concat(V2_SIGNATURE, hex("2111" + "1001")));
        s.put("v2-tlv-overruns", v2(0x21, 0x11, concat(INET_BLOCK, hex("0100ff" + "6832"))));
        s.put("v2-ends-mid-tlv", v2(0x21, 0x11, concat(INET_BLOCK, hex("0100"))));
        // not PROXY at all
        s.put("http-get", REQUEST.clone());
        s.put("h2-preface", ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        s.put("tls-client-hello", hex("160301002f0100002b0303" + "000102030405060708090a0b0c0d0e0f"
                + "101112131415161718191a1b1c1d1e1f" + "000002130101000000"));
        s.put("v1-signature-prefix", ascii("PROX"));
        s.put("v2-signature-prefix", Arrays.copyOf(V2_SIGNATURE, 5));
        s.put("crlf-then-data", ascii("\r\n\r\nhello"));
        return s;
    }

    // ------------------------------------------------------------------ encoders

    static byte[] v2(int versionCommand, int familyTransport, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(16 + body.length);
        b.put(V2_SIGNATURE).put((byte) versionCommand).put((byte) familyTransport).putShort((short) body.length);
        return b.put(body).array();
    }

    static byte[] tlv(int type, byte[] value) {
        return ByteBuffer.allocate(3 + value.length).put((byte) type).putShort((short) value.length).put(value).array();
    }

    /** Fills in the first top-level CRC32C TLV's value (zero until then) as §2.2.5 defines it. */
    static byte[] withCrc(byte[] header) {
        int p = 16 + addressBlock(header[13]);
        while (header[p] != 0x03) {
            p += 3 + ((header[p + 1] & 0xFF) << 8 | header[p + 2] & 0xFF);
        }
        CRC32C crc = new CRC32C();
        crc.update(header);
        ByteBuffer.wrap(header).putInt(p + 3, (int) crc.getValue());
        return header;
    }

    private static int addressBlock(byte familyTransport) {
        switch (familyTransport >>> 4) {
            case 1: return 12;
            case 2: return 36;
            case 3: return 216;
            default: return 0;
        }
    }

    private static byte[] unixPath(String path) {
        return Arrays.copyOf(path.getBytes(StandardCharsets.UTF_8), 108);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

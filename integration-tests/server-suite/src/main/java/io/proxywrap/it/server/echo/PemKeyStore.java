package io.proxywrap.it.server.echo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * An in-memory key store from the PEM certificate and key the tests generate (support's
 * SelfSignedCertificate: an RSA key in PKCS#8, as {@code openssl req -nodes} writes it), for the
 * echo servers' TLS set-up (Jetty's SslContextFactory, Undertow's SSLContext), which take key
 * stores rather than PEM files. JDK types only.
 */
public final class PemKeyStore {

    /** Protects nothing (the store never leaves memory); the JDK wants one. */
    public static final String PASSWORD = "proxywrap-it";
    public static final String ALIAS = "echo";

    private PemKeyStore() {
    }

    public static KeyStore load(Path certificatePem, Path privateKeyPem) throws IOException, GeneralSecurityException {
        Certificate certificate;
        try (InputStream in = Files.newInputStream(certificatePem)) {
            certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        PrivateKey key = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(pemBody(privateKeyPem, "PRIVATE KEY")));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, key, PASSWORD.toCharArray(), new Certificate[] {certificate});
        return store;
    }

    /** The base64 between {@code -----BEGIN type-----} and {@code -----END type-----}, decoded. */
    private static byte[] pemBody(Path pem, String type) throws IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException("no " + begin + " block in " + pem);
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }
}

package io.proxywrap.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An RSA 2048 / SHA-256 self-signed certificate for {@value #HOST_NAME} (CN and DNS SAN), made with
 * the openssl CLI in a temp directory removed on close.
 */
public final class SelfSignedCertificate implements AutoCloseable {

    public static final String HOST_NAME = "test.local";

    private final TempDirectory dir;

    private SelfSignedCertificate(TempDirectory dir) {
        this.dir = dir;
    }

    public static SelfSignedCertificate generate() {
        Path openssl = RequiredTool.OPENSSL.path();
        TempDirectory dir = new TempDirectory("cert");
        try {
            CommandResult result = CommandResult.run(List.of(openssl.toString(), "req", "-x509",
                    "-newkey", "rsa:2048", "-sha256", "-nodes", "-days", "2",
                    "-keyout", dir.resolve("key.pem").toString(),
                    "-out", dir.resolve("cert.pem").toString(),
                    "-subj", "/CN=" + HOST_NAME,
                    "-addext", "subjectAltName=DNS:" + HOST_NAME), Duration.ofSeconds(30));
            if (result.exitCode() != 0) {
                throw new IllegalStateException("openssl failed: " + result.describe());
            }
            Files.writeString(dir.resolve("bundle.pem"),
                    Files.readString(dir.resolve("cert.pem")) + Files.readString(dir.resolve("key.pem")));
            return new SelfSignedCertificate(dir);
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Certificate then private key in one PEM file, as haproxy's {@code crt} wants. */
    public Path pemBundle() {
        return dir.resolve("bundle.pem");
    }

    public Path certificatePem() {
        return dir.resolve("cert.pem");
    }

    public Path privateKeyPem() {
        return dir.resolve("key.pem");
    }

    /** The certificate, e.g. as the only trust anchor of a test client. */
    public X509Certificate certificate() {
        try (InputStream in = Files.newInputStream(certificatePem())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS client context whose only trust anchor is this certificate. */
    public SSLContext trustingContext() {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("test", certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        dir.close();
    }
}

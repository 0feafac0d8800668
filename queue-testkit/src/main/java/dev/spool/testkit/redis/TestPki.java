package dev.spool.testkit.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI for TLS tests, made with openssl and keytool in a temporary directory: a CA, a
 * server certificate for {@code IP:127.0.0.1, DNS:localhost} signed by it (for redis-server's
 * {@code tls-cert-file} / {@code tls-key-file}), the CA as a PKCS#12 trust store, and a second,
 * unrelated CA with its own trust store (the "wrong CA" a client must refuse).
 *
 * @param dir the directory holding the files
 */
public record TestPki(Path dir) {
    /** The password of both trust stores. */
    public static final String STORE_PASSWORD = "changeit";

    /** The CA certificate (PEM). */
    public Path caCert() { return dir.resolve("ca.crt"); }

    /** The server certificate (PEM), signed by {@link #caCert()}. */
    public Path serverCert() { return dir.resolve("server.crt"); }

    /** The server's private key (PEM). */
    public Path serverKey() { return dir.resolve("server.key"); }

    /** A PKCS#12 trust store holding only {@link #caCert()}. */
    public Path trustStore() { return dir.resolve("ca.p12"); }

    /** A PKCS#12 trust store holding only an unrelated CA. */
    public Path wrongTrustStore() { return dir.resolve("wrong-ca.p12"); }

    /** Makes the files; fails naming the command and its output when openssl or keytool does. */
    public static TestPki create() throws IOException {
        Path d = Files.createTempDirectory("spool-tls-");
        run(d, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Spool Test CA",
                "-keyout", "ca.key", "-out", "ca.crt");
        run(d, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Some Other CA",
                "-keyout", "wrong-ca.key", "-out", "wrong-ca.crt");
        run(d, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                "-keyout", "server.key", "-out", "server.csr");
        Files.writeString(d.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                + "extendedKeyUsage=serverAuth\n", StandardCharsets.US_ASCII);
        run(d, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "san.ext", "-out", "server.crt");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        run(d, keytool.toString(), "-importcert", "-noprompt", "-storetype", "PKCS12", "-keystore", "ca.p12",
                "-storepass", STORE_PASSWORD, "-alias", "spool-test-ca", "-file", "ca.crt");
        run(d, keytool.toString(), "-importcert", "-noprompt", "-storetype", "PKCS12", "-keystore", "wrong-ca.p12",
                "-storepass", STORE_PASSWORD, "-alias", "other-ca", "-file", "wrong-ca.crt");
        return new TestPki(d);
    }

    /** The JVM options that make {@code store} the only trusted CA. */
    public static List<String> trustOptions(Path store) {
        return List.of("-Djavax.net.ssl.trustStore=" + store, "-Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD,
                "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    private static void run(Path dir, String... cmd) throws IOException {
        Path log = dir.resolve("pki.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

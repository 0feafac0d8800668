package dev.spool.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made by the test with openssl and keytool: a CA, a server certificate for
 * 127.0.0.1 / localhost signed by it, the CA as a PKCS#12 trust store, and a second, unrelated CA
 * (the "wrong CA") with its own trust store.
 */
final class TestCertificates {
    static final String STORE_PASSWORD = "changeit";

    final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    Path caCert() { return dir.resolve("ca.crt"); }
    Path serverCert() { return dir.resolve("server.crt"); }
    Path serverKey() { return dir.resolve("server.key"); }
    Path trustStore() { return dir.resolve("ca.p12"); }
    Path wrongTrustStore() { return dir.resolve("wrong-ca.p12"); }

    static TestCertificates create() throws IOException {
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
        return new TestCertificates(d);
    }

    /** The JVM options that make {@code store} the only trusted CA. */
    static List<String> trustOptions(Path store) {
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

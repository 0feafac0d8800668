package dev.spool.redis.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made with openssl and keytool for the TLS tests: a CA, a server certificate for
 * {@code IP:127.0.0.1, DNS:localhost} signed by it, and the CA as a PKCS#12 trust store.
 */
record TestPki(Path dir) {
    static final String STORE_PASSWORD = "changeit";

    Path caCert() { return dir.resolve("ca.crt"); }
    Path serverCert() { return dir.resolve("server.crt"); }
    Path serverKey() { return dir.resolve("server.key"); }
    Path trustStore() { return dir.resolve("ca.p12"); }

    static TestPki create() throws IOException {
        Path d = Files.createTempDirectory("spool-stream-tls-");
        run(d, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Spool Stream Test CA",
                "-keyout", "ca.key", "-out", "ca.crt");
        run(d, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                "-keyout", "server.key", "-out", "server.csr");
        Files.writeString(d.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
                StandardCharsets.US_ASCII);
        run(d, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "san.ext", "-out", "server.crt");
        run(d, Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-storetype", "PKCS12", "-keystore", "ca.p12", "-storepass", STORE_PASSWORD, "-alias", "ca", "-file", "ca.crt");
        return new TestPki(d);
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

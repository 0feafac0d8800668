package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.BackendException;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.testkit.redis.RedisProcess;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code rediss://} against a real TLS listener of redis-server, with a self-signed certificate for
 * {@code localhost} made by openssl: trusted through {@code tls.ca-cert}, host name checked.
 */
class TlsTest {
    private static final Path DIR = certificate();
    private static final int TLS_PORT = RedisProcess.freePort();

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated()
            .withConfig("tls-port", Integer.toString(TLS_PORT))
            .withConfig("tls-cert-file", DIR.resolve("cert.pem").toString())
            .withConfig("tls-key-file", DIR.resolve("key.pem").toString())
            .withConfig("tls-auth-clients", "no");

    private static Path certificate() {
        try {
            Path dir = Files.createTempDirectory("spool-tls");
            Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                    "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("openssl could not make a test certificate: " + out);
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("this test needs openssl on the PATH to make a certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static BackendConfig.Builder tls(String host) {
        return BackendConfig.builder("rediss://" + host + ":" + TLS_PORT)
                .option("tls.ca-cert", DIR.resolve("cert.pem").toString());
    }

    @Test
    void tasksMoveOverTlsWithTheServerCertificateTrustedAndItsHostChecked() {
        try (Broker broker = Spool.connect("redis-list", tls("localhost").build())) {
            var q = broker.queue("tls");
            String id = q.enqueue(Task.of("t", "{\"secret\":true}")).taskId();
            List<Delivery> got = q.fetch(1, Duration.ofSeconds(5));
            assertThat(got).extracting(Delivery::id).containsExactly(id);
            assertThat(q.ack(got.get(0))).isTrue();
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        BackendException e = catchThrowableOfType(BackendException.class,
                () -> Spool.connect("redis-list", "rediss://localhost:" + TLS_PORT));
        assertThat(e).as("JVM trust store does not know the self-signed certificate").isNotNull();
        assertThat(e.getMessage()).contains("localhost:" + TLS_PORT);
        assertRefusedByTls(e);
    }

    /** The refusal came from the TLS handshake, not from a refused or timed-out connection. */
    private static void assertRefusedByTls(BackendException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return;
            }
        }
        throw new AssertionError("expected a TLS failure in the cause chain of: " + e, e);
    }

    @Test
    void aHostNameTheCertificateDoesNotNameIsRefusedUnlessVerificationIsOff() {
        BackendException e = catchThrowableOfType(BackendException.class,
                () -> Spool.connect("redis-list", tls("127.0.0.1").build()));
        assertThat(e).as("the certificate names localhost, not 127.0.0.1").isNotNull();
        assertRefusedByTls(e);
        try (Broker broker = Spool.connect("redis-list", tls("127.0.0.1").option("tls.verify-host", "false").build())) {
            broker.ping();
        }
    }

    @Test
    void thePlainPortIsNotTls() {
        BackendException e = catchThrowableOfType(BackendException.class,
                () -> Spool.connect("redis-list", BackendConfig.builder("rediss://127.0.0.1:" + REDIS.port())
                        .option("tls.ca-cert", DIR.resolve("cert.pem").toString()).option("timeout.read", "1s").build()));
        assertThat(e).isNotNull();
        // the server takes the TLS hello for a command it waits to see the end of: the handshake times out,
        // which is not a refused connection
        boolean handshakeTimedOut = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(t).as("a refused connection would not show that the port speaks no TLS")
                    .isNotInstanceOf(java.net.ConnectException.class);
            handshakeTimedOut |= t instanceof java.net.SocketTimeoutException || t instanceof javax.net.ssl.SSLException;
        }
        assertThat(handshakeTimedOut).as("the TLS handshake failed or timed out: " + e).isTrue();
    }
}

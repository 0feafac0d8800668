package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;
import dev.spool.api.BackendException;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.testkit.redis.RedisProcess;
import dev.spool.testkit.redis.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * TLS (security finding F5): a real redis-server with a {@code tls-port}, certified by a CA this test
 * makes. This JVM's default trust store does not hold that CA, so {@code rediss://} is refused with a
 * message that says the certificate is not trusted, names the URL without its password, and says how
 * to trust the CA; a Redisson YAML config naming the CA's trust store connects and works.
 */
class RedisStreamTlsTest {
    private static final String PASSWORD = "tls-Pw-77";
    static TestPki pki;
    static RedisProcess redis;
    static int tlsPort;

    @BeforeAll
    static void start() throws IOException {
        pki = TestPki.create();
        tlsPort = RedisProcess.freePort();
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("tls-port", Integer.toString(tlsPort));
        conf.put("tls-cert-file", pki.serverCert().toString());
        conf.put("tls-key-file", pki.serverKey().toString());
        conf.put("tls-ca-cert-file", pki.caCert().toString());
        conf.put("tls-auth-clients", "no");
        redis = RedisProcess.launch(conf); // the plain port is for the fixture's readiness check; the tests use tls-port
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void anUntrustedCertificateIsNamedWithTheFixAndWithoutThePassword() {
        String url = "rediss://default:" + PASSWORD + "@127.0.0.1:" + tlsPort;
        long start = System.nanoTime();
        BackendException e = catchThrowableOfType(BackendException.class, () -> Spool.connect("redis-stream",
                BackendConfig.builder(url).option("timeout.connect", "5s").build()).close());
        assertThat(e).as("the connection is refused").isNotNull();
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(e.getMessage())
                .contains("certificate")
                .contains("not trusted")
                .contains(BackendConfig.redact(url))
                .contains("-Djavax.net.ssl.trustStore=")
                .contains("redisson.config")
                .doesNotContain("check the host, the port and the credentials");
        assertThat(trace.toString()).doesNotContain(PASSWORD);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused at the handshake, not after retries")
                .isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void aRedissonConfigWithTheCasTrustStoreConnectsOverTls() throws IOException {
        Path yaml = pki.dir().resolve("redisson.yaml");
        Files.writeString(yaml, "singleServerConfig:\n"
                + "  address: \"rediss://127.0.0.1:" + tlsPort + "\"\n"
                + "  sslTruststore: \"" + pki.trustStore().toUri() + "\"\n"
                + "  sslTruststorePassword: \"" + TestPki.STORE_PASSWORD + "\"\n");
        BackendConfig config = BackendConfig.builder("rediss://127.0.0.1:" + tlsPort)
                .option("redisson.config", yaml.toString()).build();
        try (Broker broker = Spool.connect("redis-stream", config)) {
            String queue = "tls-" + System.nanoTime();
            String id = broker.queue(queue).enqueue(Task.of("t", "{}")).taskId();
            assertThat(broker.queue(queue).fetch(1, Duration.ofSeconds(5))).extracting(Delivery::id).containsExactly(id);
        }
        assertThat(redis.command("SCARD", dev.spool.redis.core.KeyNames.NONE.queues())).as("this server got the work").isNotEqualTo(0L);
    }
}

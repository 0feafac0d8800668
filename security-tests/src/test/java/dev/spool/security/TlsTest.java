package dev.spool.security;

import dev.spool.testkit.redis.RedisProcess;
import dev.spool.testkit.redis.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS: a real redis-server with a TLS port on loopback, certified by a CA the test makes. Both
 * backends connect with {@code rediss://} with certificate verification on, trusting only that CA
 * (the JVM trust store, {@code -Djavax.net.ssl.trustStore}); a server certified by another CA, or
 * the JDK's default trust store, is refused with a message naming the address. Runs in child JVMs
 * because the trust store is JVM-wide.
 */
class TlsTest {
    static TestPki pki;
    static RedisProcess redis;
    static int tlsPort;

    @BeforeAll
    static void start() throws IOException {
        pki = TestPki.create();
        try (ServerSocket s = new ServerSocket(0)) {
            tlsPort = s.getLocalPort();
        }
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("tls-port", Integer.toString(tlsPort));
        conf.put("tls-cert-file", pki.serverCert().toString());
        conf.put("tls-key-file", pki.serverKey().toString());
        conf.put("tls-ca-cert-file", pki.caCert().toString());
        conf.put("tls-auth-clients", "no");
        redis = RedisProcess.launch(conf); // its plain port is for the fixture's checks; the tests use tls-port
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    static String tlsUrl() {
        return "rediss://127.0.0.1:" + tlsPort;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void theJavaApiRunsEveryOperationOverVerifiedTls(String backend) throws Exception {
        Result r = probe(TestPki.trustOptions(pki.trustStore()), backend, tlsUrl());
        assertThat(r.exit).as(r.out).isZero();
        assertThat(r.out).contains("OK " + backend);
        assertThat(redis.command("SCARD", "spool:queues")).as("the tasks went to this server").isNotEqualTo(0L);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void theCommandLineEnqueuesOverVerifiedTls(String backend) {
        SpoolCommand.Result r = SpoolCommand.run(Map.of(), TestPki.trustOptions(pki.trustStore()), null,
                "enqueue", "--backend", backend, "--redis", tlsUrl(), "--queue", "tls-cli", "--type", "t");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("accepted");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void aServerCertifiedByAnotherCaIsRefused(String backend) {
        SpoolCommand.Result r = SpoolCommand.run(Map.of(), TestPki.trustOptions(pki.wrongTrustStore()), null,
                "enqueue", "--backend", backend, "--redis", tlsUrl(), "--type", "t", "--connect-timeout", "5s");
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).as("%s", r).contains("127.0.0.1:" + tlsPort);
        BadInputTable.record("spool enqueue --backend " + backend, "rediss:// to a server whose certificate another CA signed",
                "exit 1, refused", spoolLine(r.err()).replace(Integer.toString(tlsPort), "PORT"));
        Result api = probe(TestPki.trustOptions(pki.wrongTrustStore()), backend, tlsUrl());
        assertThat(api.exit).as(api.out).isEqualTo(1);
        assertThat(api.out).contains("FAILED dev.spool.api.BackendException").contains("127.0.0.1:" + tlsPort);
    }

    @org.junit.jupiter.api.Test
    void redisListSaysInOneLineThatTheCertificateIsNotTrusted() {
        refusalIsOneLineNamingTheCertificate("redis-list");
    }

    @org.junit.jupiter.api.Test
    void redisStreamSaysInOneLineThatTheCertificateIsNotTrusted() {
        refusalIsOneLineNamingTheCertificate("redis-stream");
    }

    /** The CLI's rule: one line on standard error, no stack trace, and it names the cause (the certificate). */
    static void refusalIsOneLineNamingTheCertificate(String backend) {
        SpoolCommand.Result r = SpoolCommand.run(Map.of(), TestPki.trustOptions(pki.wrongTrustStore()), null,
                "enqueue", "--backend", backend, "--redis", tlsUrl(), "--type", "t", "--connect-timeout", "5s");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).as("%s", r).doesNotContain("\tat ").doesNotContain("Caused by:").doesNotContain("frames omitted");
        assertThat(r.err()).as("%s", r).containsAnyOf("certificate", "certification path", "SSLHandshake", "PKIX");
    }

    static String spoolLine(String err) {
        return err.lines().filter(l -> l.startsWith("spool")).findFirst().orElse(CliBadInputTest.firstLine(err));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void theJdksDefaultTrustStoreDoesNotTrustTheTestCa(String backend) {
        Result api = probe(List.of(), backend, tlsUrl());
        assertThat(api.exit).as(api.out).isEqualTo(1);
        assertThat(api.out).contains("FAILED dev.spool.api.BackendException");
    }

    record Result(int exit, String out) {
    }

    /** Runs {@link TlsProbe} in a child JVM on this test's classpath. */
    static Result probe(List<String> jvm, String backend, String url) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TlsProbe.class.getName(), backend, url));
        try {
            Path out = Files.createTempFile("tls-probe", ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("TLS probe did not end: " + Files.readString(out));
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            return new Result(p.exitValue(), text);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

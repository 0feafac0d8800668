package dev.spool.security;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Passwords never show: not in the CLI's output, logs and errors (a wrong password, an unreachable
 * server, a worker that cannot connect), not in {@code --help} when the URL comes from the
 * environment, and not in the messages, causes or toString of the Java API's exceptions and values.
 */
class PasswordMaskingTest {
    static final String ADMIN_PASSWORD = "admin-Mask3d-pw";
    static final String SECRET = "Zebra-Quartz-9071";

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated().withConfig("requirepass", ADMIN_PASSWORD);

    static int deadPort;

    @BeforeAll
    static void setUp() throws IOException {
        REDIS.command("ACL", "SETUSER", "spool", "on", ">right-password-1", "~spool:*", "+@all");
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
    }

    static String wrongUrl() {
        return "redis://spool:" + SECRET + "@127.0.0.1:" + REDIS.port();
    }

    static String deadUrl() {
        return "redis://spool:" + SECRET + "@127.0.0.1:" + deadPort;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void cliWithAWrongPasswordFailsClearlyAndNeverPrintsIt(String backend) {
        long t0 = System.nanoTime();
        SpoolCommand.Result r = SpoolCommand.run("enqueue", "--backend", backend, "--redis", wrongUrl(), "--type", "t");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.all()).doesNotContain(SECRET).doesNotContain("Zebra");
        assertThat(r.err()).contains("spool:***@127.0.0.1:" + REDIS.port());
        BadInputTable.record("spool enqueue --backend " + backend, "--redis with a wrong password", "exit 1 after " + ms + " ms (JVM start included)",
                CliBadInputTest.firstLine(r.err()).replace(Integer.toString(REDIS.port()), "PORT"));
        assertThat(r.err()).as("%s", r).containsAnyOf("WRONGPASS", "credentials", "password");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void cliAgainstAnUnreachableServerNeverPrintsThePassword(String backend) {
        for (String cmd : List.of("enqueue", "stats", "dead")) {
            List<String> args = switch (cmd) {
                case "enqueue" -> List.of("enqueue", "--type", "t");
                case "dead" -> List.of("dead", "list", "--queue", "q");
                default -> List.of("stats");
            };
            String[] full = java.util.stream.Stream.concat(args.stream(),
                    java.util.stream.Stream.of("--backend", backend, "--redis", deadUrl(), "--connect-timeout", "2s")).toArray(String[]::new);
            SpoolCommand.Result r = SpoolCommand.run(full);
            assertThat(r.exit()).as("%s: %s", cmd, r).isNotZero();
            assertThat(r.all()).as("%s", cmd).doesNotContain(SECRET).doesNotContain("Zebra");
            assertThat(r.err()).as("%s: %s", cmd, r).contains("127.0.0.1:" + deadPort);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void aWorkerThatCannotConnectLogsNoPassword(String backend) {
        SpoolCommand.Result r = SpoolCommand.run(Map.of("SPOOL_REDIS_URL", wrongUrl(), "SPOOL_BACKEND", backend), List.of(), null,
                "worker", "--queues", "q", "--connect-timeout", "3s");
        assertThat(r.exit()).as("%s", r).isNotZero();
        assertThat(r.all()).doesNotContain(SECRET).doesNotContain("Zebra");
    }

    @Test
    void helpShowsNoPasswordFromTheEnvironmentOrAConfigFile() throws IOException {
        java.nio.file.Path props = java.nio.file.Files.createTempFile("spool", ".properties");
        java.nio.file.Files.writeString(props, "redis=" + wrongUrl() + "\n");
        for (List<String> args : List.of(List.of("--help"), List.of("enqueue", "--help"), List.of("worker", "--help"),
                List.of("stats", "--help"), List.of("dead", "--help"), List.of("enqueue", "--help", "--config", props.toString()))) {
            SpoolCommand.Result r = SpoolCommand.run(Map.of("SPOOL_REDIS_URL", wrongUrl()), List.of(), null, args.toArray(String[]::new));
            assertThat(r.exit()).as("%s %s", args, r).isZero();
            assertThat(r.all()).as("%s", args).doesNotContain(SECRET).doesNotContain("Zebra");
        }
        java.nio.file.Files.delete(props);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void javaApiExceptionsAndValuesNeverCarryThePassword(String backend) {
        for (String url : List.of(wrongUrl(), deadUrl(), "rediss://spool:" + SECRET + "@127.0.0.1:" + deadPort,
                "redis://:" + SECRET + "@127.0.0.1:" + deadPort, "redis://spool:" + SECRET + "@127.0.0.1:" + REDIS.port() + "/x")) {
            BackendConfig config = BackendConfig.builder(url).option("no-such-option", "1").build();
            assertThat(config.toString()).doesNotContain(SECRET);
            Throwable t = catchThrowable(() -> Spool.connect(backend, BackendConfig.of(url)).close());
            assertThat(t).as("%s", BackendConfig.redact(url)).isNotNull();
            assertThat(AclTest.chain(t)).as("%s", BackendConfig.redact(url)).doesNotContain(SECRET).doesNotContain("Zebra");
            Throwable o = catchThrowable(() -> Spool.connect(backend, config).close());
            if (o != null) {
                assertThat(AclTest.chain(o)).doesNotContain(SECRET);
            }
        }
        try (Broker b = Spool.connect(backend, "redis://spool:right-password-1@127.0.0.1:" + REDIS.port())) {
            assertThat(b.toString()).doesNotContain("right-password-1");
        }
    }

    /** A password with characters that need percent-encoding, written raw: the redaction must still hide all of it. */
    @Test
    void aPasswordWithAnAtSignIsStillMaskedWhole() {
        String url = "redis://spool:Zeb@ra-Quartz/9071@127.0.0.1:" + deadPort;
        SpoolCommand.Result r = SpoolCommand.run("enqueue", "--redis", url, "--type", "t", "--connect-timeout", "2s");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.all()).as("%s", r).doesNotContain("Quartz");
        assertThat(BackendConfig.redact(url)).doesNotContain("Quartz").doesNotContain("ra-");
    }
}

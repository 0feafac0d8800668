package dev.spool.worker.cli;

import dev.spool.testkit.redis.RedisServerExtension;
import dev.spool.worker.HandlerJars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad usage of the real spool.jar: clear one-line messages, exit codes 2 and 1, never a stack trace. */
class CliProcessIT {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();
    static final Duration LONG = Duration.ofSeconds(60);

    static Path dir() throws IOException {
        return Files.createDirectories(Path.of("target", "cli-it"));
    }

    static Map<String, String> env() {
        return Map.of("SPOOL_REDIS_URL", REDIS.url());
    }

    static void noStackTrace(SpoolProcess p) throws IOException {
        assertThat(p.err()).doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    @AfterEach
    void noChildLeftBehind() {
        SpoolProcess.killAll();
    }

    @Test
    void aMissingOptionIsBadUsage() throws Exception {
        SpoolProcess p = SpoolProcess.start(dir(), "missing", env(), "dead", "list");
        assertThat(p.exitCode(LONG)).isEqualTo(2);
        assertThat(p.err()).contains("--queue");
        noStackTrace(p);
    }

    @Test
    void anUnknownBackendIsBadUsageNamingTheKnownOnes() throws Exception {
        SpoolProcess p = SpoolProcess.start(dir(), "backend", env(), "stats", "--backend", "kafka");
        assertThat(p.exitCode(LONG)).isEqualTo(2);
        assertThat(p.err()).contains("unknown backend 'kafka'", "redis-list", "redis-stream", "inmemory");
        noStackTrace(p);
    }

    @Test
    void anUnreachableRedisFailsFastWithAClearMessage() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        SpoolProcess p = SpoolProcess.start(dir(), "refused", Map.of(), "stats",
                "--redis", "redis://app:s3cret@127.0.0.1:" + closed);
        assertThat(p.exitCode(LONG)).isEqualTo(1);
        assertThat(p.err()).contains("127.0.0.1:" + closed).doesNotContain("s3cret");
        noStackTrace(p);

        // a server that accepts connections and never answers: the connect timeout must end it
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            SpoolProcess hung = SpoolProcess.start(dir(), "silent", Map.of(), "stats",
                    "--redis", "redis://127.0.0.1:" + silent.getLocalPort());
            assertThat(hung.exitCode(LONG)).isEqualTo(1);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(hung.err()).contains("127.0.0.1:" + silent.getLocalPort());
            noStackTrace(hung);
            // a bound against a hang only: the CLI's default connect timeout is 5 s
            assertThat(tookMs).as("took %d ms: %s", tookMs, hung.err()).isLessThan(30_000);
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aMalformedJsonLineIsReportedAndTheGoodLinesStillGoIn() throws Exception {
        Path file = dir().resolve("stdin.jsonl");
        Files.writeString(file, "{\"type\":\"a\"}\n{\"type\": \"a\", \"payload\": {\"x\": }\n{\"type\":\"a\"}\n");
        SpoolProcess p = SpoolProcess.start(dir(), "malformed", env(), file, "enqueue", "--queue", "cli-it", "--file", "-");
        assertThat(p.exitCode(LONG)).isEqualTo(1);
        assertThat(p.out()).contains("standard input: 2 accepted, 0 duplicate(s), 1 rejected");
        assertThat(p.err()).contains("line 2: rejected: is not valid JSON");
        noStackTrace(p);
    }

    @Test
    void twoHandlersForOneTypeStopTheWorkerNamingBothJars() throws Exception {
        Path handlers = dir().resolve("dup-handlers");
        HandlerJars.build(handlers.resolve("a.jar"), Map.of("a.H", HandlerJars.recordingHandler("a.H", "same")),
                Map.of("dev.spool.api.TaskHandler", List.of("a.H")));
        HandlerJars.build(handlers.resolve("b.jar"), Map.of("b.H", HandlerJars.recordingHandler("b.H", "same")),
                Map.of("dev.spool.api.TaskHandler", List.of("b.H")));
        SpoolProcess p = SpoolProcess.start(dir(), "dup", env(), "worker", "--handlers", handlers.toString());
        assertThat(p.exitCode(LONG)).isEqualTo(1);
        assertThat(p.err()).contains("two handlers for task type 'same'", "a.H", "b.H",
                handlers.resolve("a.jar").toAbsolutePath().toString(), handlers.resolve("b.jar").toAbsolutePath().toString());
        noStackTrace(p);
    }

    @Test
    void backendOptionsReachTheAdapterFromFlagsAndEnvironment() throws Exception {
        SpoolProcess flag = SpoolProcess.start(dir(), "option-flag", env(), "stats", "-o", "pool.size=4", "-o", "bogus=1");
        assertThat(flag.exitCode(LONG)).isEqualTo(2);
        assertThat(flag.err()).contains("unknown backend option 'bogus'").doesNotContain("cannot connect");
        noStackTrace(flag);
        Map<String, String> env = new java.util.HashMap<>(env());
        env.put("SPOOL_BACKEND_OPTION", "pool.size=4,timeout.read=2s");
        SpoolProcess good = SpoolProcess.start(dir(), "option-env", env, "stats", "--json");
        assertThat(good.exitCode(LONG)).as(good.err()).isZero();
        assertThat(good.out()).startsWith("[");
    }
}

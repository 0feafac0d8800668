package dev.spool.worker.cli;

import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.testkit.Eventually;
import dev.spool.worker.HandlerJars;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard from the real spool.jar: {@code spool dashboard} and {@code spool worker --dashboard-port} serve the
 * pages and the API on a real Redis; listening beyond loopback without a password is refused with the fix, and
 * with one (from the environment or a file) a wrong password gets 401.
 */
class DashboardProcessIT {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();
    static final Duration LONG = Duration.ofSeconds(60);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static Path dir;
    static Broker broker;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory(Path.of("target"), "dashboard-it");
        HandlerJars.build(dir.resolve("handlers").resolve("record.jar"),
                Map.of("it.Record", HandlerJars.recordingHandler("it.Record", "record")),
                Map.of("dev.spool.api.TaskHandler", java.util.List.of("it.Record")));
        broker = Spool.connect("redis-stream", REDIS.url());
        broker.queue("board").enqueue(Task.of("nothing-handles-this", "{}"));
    }

    @AfterAll
    static void close() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void noChildLeftBehind() {
        SpoolProcess.killAll();
    }

    static Map<String, String> env() {
        return Map.of("SPOOL_REDIS_URL", REDIS.url(), "SPOOL_BACKEND", "redis-stream");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static int status(String url, String authorization) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Test
    void spoolDashboardServesThePagesAndTheApi() throws Exception {
        int port = freePort();
        SpoolProcess board = SpoolProcess.start(dir, "dashboard", env(), "dashboard", "--port", String.valueOf(port));
        String base = "http://127.0.0.1:" + port + "/";
        Eventually.until(LONG, () -> "the dashboard answers: " + board.err(), () -> status(base + "api/overview", null) == 200);
        assertThat(status(base, null)).isEqualTo(200);
        assertThat(status(base + "api/queues/board/tasks?state=ready", null)).isEqualTo(200);
        assertThat(board.out()).contains("dashboard on " + base);
        board.terminate();
        assertThat(board.exitCode(LONG)).as(board.err()).isZero();
    }

    @Test
    void aWorkerServesTheDashboardBesideItsWork() throws Exception {
        int port = freePort();
        SpoolProcess worker = SpoolProcess.start(dir, "worker-dashboard", env(), "worker", "--queues", "board",
                "--handlers", dir.resolve("handlers").toString(),
                "--dashboard-port", String.valueOf(port), "--dashboard-read-only", "--heartbeat", "1s");
        String base = "http://127.0.0.1:" + port + "/";
        Eventually.until(LONG, () -> "the worker's dashboard lists it: " + worker.err(), () -> status(base + "api/workers", null) == 200
                && !broker.workers().list().isEmpty());
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "api/queues/board/pause"))
                .header("X-Spool-Request", "1").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("read-only");
        worker.terminate();
        assertThat(worker.exitCode(LONG)).as(worker.err()).isZero();
    }

    @Test
    void beyondLoopbackItNeedsAPassword() throws Exception {
        SpoolProcess open = SpoolProcess.start(dir, "dashboard-open", env(), "dashboard", "--port", "0", "--host", "0.0.0.0");
        assertThat(open.exitCode(LONG)).isEqualTo(1);
        assertThat(open.err()).contains("SPOOL_DASHBOARD_PASSWORD").contains("--dashboard-password-file").contains("127.0.0.1");

        int port = freePort();
        Map<String, String> env = new java.util.HashMap<>(env());
        env.put("SPOOL_DASHBOARD_PASSWORD", "s3cret");
        SpoolProcess guarded = SpoolProcess.start(dir, "dashboard-guarded", env, "dashboard", "--port", String.valueOf(port),
                "--host", "0.0.0.0");
        String base = "http://127.0.0.1:" + port + "/api/overview";
        Eventually.until(LONG, () -> "the guarded dashboard answers: " + guarded.err(), () -> status(base, null) == 401);
        assertThat(status(base, basic("admin", "wrong"))).isEqualTo(401);
        assertThat(status(base, basic("admin", "s3cret"))).isEqualTo(200);

        Path empty = Files.writeString(dir.resolve("empty-password"), "\n");
        SpoolProcess bad = SpoolProcess.start(dir, "dashboard-empty", env(), "dashboard", "--port", "0",
                "--dashboard-password-file", empty.toString());
        assertThat(bad.exitCode(LONG)).isEqualTo(2);
        assertThat(bad.err()).contains("is empty");
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }
}

package dev.spool.worker.cli;

import dev.spool.api.Broker;
import dev.spool.api.QueueStats;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.testkit.Eventually;
import dev.spool.testkit.redis.RedisProcess;
import dev.spool.testkit.redis.RedisServerExtension;
import dev.spool.worker.HandlerJars;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real spool.jar as child processes against a real Redis, with a handler JAR compiled by the
 * test in a handlers directory. The handler records each run as a file named after the task id.
 */
class WorkerProcessIT {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();
    static final Duration LONG = Duration.ofSeconds(120);

    static Path dir;
    static Path handlers;
    static Broker broker;

    @BeforeAll
    static void handlerJar() throws IOException {
        dir = Files.createTempDirectory(Path.of("target"), "process-it");
        handlers = dir.resolve("handlers");
        HandlerJars.build(handlers.resolve("record.jar"),
                Map.of("it.Record", HandlerJars.recordingHandler("it.Record", "record")),
                Map.of("dev.spool.api.TaskHandler", List.of("it.Record")));
        broker = Spool.connect("redis-list", REDIS.url());
    }

    @AfterAll
    static void close() {
        if (broker != null) {
            broker.close();
        }
    }

    static Map<String, String> env(Path record) {
        Map<String, String> env = new HashMap<>();
        env.put("SPOOL_REDIS_URL", REDIS.url());
        env.put("SPOOL_BACKEND", "redis-list");
        env.put("SPOOL_HANDLERS", handlers.toString());
        env.put("SPOOL_TEST_RECORD", record.toString());
        return env;
    }

    static Path tasks(String name, int n, long sleepMs) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("{\"type\":\"record\",\"payload\":{\"i\":").append(i).append(",\"sleepMs\":").append(sleepMs)
                    .append("}}\n");
        }
        return Files.writeString(dir.resolve(name + ".jsonl"), b.toString());
    }

    /** The distinct task ids recorded. */
    static Set<String> recorded(Path record) {
        if (!Files.isDirectory(record)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(record)) {
            Set<String> ids = new HashSet<>();
            files.forEach(f -> ids.add(f.getFileName().toString().split("\\.")[0]));
            return ids;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    void enqueue(String queue, Path file, int expected, Path record) throws Exception {
        enqueue(queue, file, expected, env(record));
    }

    void enqueue(String queue, Path file, int expected, Map<String, String> env) throws Exception {
        SpoolProcess p = SpoolProcess.start(dir, queue + "-enqueue", env, "enqueue", "--queue", queue,
                "--file", file.toString());
        assertThat(p.exitCode(LONG)).as(p.err()).isZero();
        assertThat(p.out()).contains(expected + " accepted, 0 duplicate(s), 0 rejected");
    }

    @AfterEach
    void noChildLeftBehind() {
        SpoolProcess.killAll();
    }

    @Test
    void tasksEnqueuedFromAFileAreAllProcessedAndSigtermExitsZero() throws Exception {
        Path record = Files.createDirectories(dir.resolve("record-all"));
        enqueue("it-all", tasks("all", 300, 0), 300, record);
        SpoolProcess worker = SpoolProcess.start(dir, "all-worker", env(record), "worker", "--queues", "it-all",
                "--concurrency", "8", "--heartbeat", "1s");
        Eventually.until(LONG, () -> "300 tasks recorded, have " + recorded(record).size(),
                () -> recorded(record).size() == 300);
        Eventually.until(LONG, "the worker listed in the registry", () -> broker.workers().list().stream()
                .anyMatch(w -> w.pid() == worker.pid() && w.queues().equals(List.of("it-all"))));
        SpoolProcess workers = SpoolProcess.start(dir, "all-workers", env(record), "workers", "--json");
        assertThat(workers.exitCode(LONG)).isZero();
        assertThat(workers.out()).contains("\"pid\":" + worker.pid());
        worker.terminate();
        assertThat(worker.exitCode(LONG)).as(worker.err()).isZero();
        QueueStats s = broker.inspector().stats("it-all");
        assertThat(s.pending()).isZero();
        assertThat(s.dead()).isZero();
        assertThat(broker.workers().list()).noneMatch(w -> w.pid() == worker.pid());
        assertThat(worker.err()).contains("SIGTERM received", "worker stopped cleanly");
    }

    @Test
    void sigtermDuringARunExitsZeroWithNothingLeftInFlight() throws Exception {
        Path record = Files.createDirectories(dir.resolve("record-term"));
        enqueue("it-term", tasks("term", 60, 400), 60, record);
        SpoolProcess worker = SpoolProcess.start(dir, "term-worker", env(record), "worker", "--queues", "it-term",
                "--concurrency", "4", "--prefetch", "4", "--grace", "30s");
        Eventually.until(LONG, "the worker is running tasks", () -> recorded(record).size() >= 4);
        worker.terminate();
        assertThat(worker.exitCode(LONG)).as(worker.err()).isZero();
        QueueStats s = broker.inspector().stats("it-term");
        assertThat(s.inFlight()).isZero();
        assertThat(s.dead()).isZero();
        assertThat(recorded(record).size() + s.ready()).isEqualTo(60);
        assertThat(s.ready()).as("tasks handed back unfinished").isPositive();

        SpoolProcess second = SpoolProcess.start(dir, "term-worker-2", env(record), "worker", "--queues", "it-term",
                "--concurrency", "8");
        Eventually.until(LONG, () -> "60 tasks recorded, have " + recorded(record).size(),
                () -> recorded(record).size() == 60);
        second.terminate();
        assertThat(second.exitCode(LONG)).as(second.err()).isZero();
        assertThat(broker.inspector().stats("it-term").pending()).isZero();
    }

    @Test
    void sigkillDuringARunLosesNothingASecondWorkerFinishesTheRest() throws Exception {
        Path record = Files.createDirectories(dir.resolve("record-kill"));
        enqueue("it-kill", tasks("kill", 60, 300), 60, record);
        SpoolProcess worker = SpoolProcess.start(dir, "kill-worker", env(record), "worker", "--queues", "it-kill",
                "--concurrency", "4", "--prefetch", "4", "--lease", "2s", "--heartbeat", "1s");
        Eventually.until(LONG, "the worker is running tasks", () -> recorded(record).size() >= 4);
        Eventually.until(LONG, "the worker is registered", () -> broker.workers().list().stream()
                .anyMatch(w -> w.pid() == worker.pid()));
        worker.kill();
        assertThat(broker.inspector().stats("it-kill").inFlight()).as("leases held by the killed worker").isPositive();
        Eventually.until(LONG, "the silent worker drops out of the registry", () -> broker.workers().list().stream()
                .noneMatch(w -> w.pid() == worker.pid()));

        SpoolProcess second = SpoolProcess.start(dir, "kill-worker-2", env(record), "worker", "--queues", "it-kill",
                "--concurrency", "8", "--lease", "2s");
        Eventually.until(LONG, () -> "60 tasks recorded, have " + recorded(record).size(),
                () -> recorded(record).size() == 60);
        Eventually.until(LONG, "the queue drained", () -> broker.inspector().stats("it-kill").pending() == 0);
        second.terminate();
        assertThat(second.exitCode(LONG)).as(second.err()).isZero();
        assertThat(broker.inspector().stats("it-kill").dead()).isZero();
    }

    @Test
    void aSecondSignalStopsAtOnceWithoutWaitingForTheGracePeriod() throws Exception {
        Path record = Files.createDirectories(dir.resolve("record-twice"));
        Path started = Files.createDirectories(dir.resolve("started-twice"));
        Map<String, String> env = env(record);
        env.put("SPOOL_TEST_STARTED", started.toString());
        enqueue("it-twice", tasks("twice", 4, 60_000), 4, env);
        SpoolProcess worker = SpoolProcess.start(dir, "twice-worker", env, "worker", "--queues", "it-twice",
                "--concurrency", "4", "--grace", "5m");
        // Wait for four handlers to be running, not for four leases: a leased task still queued for a
        // pool thread is handed back by the first signal, as it should be.
        Eventually.until(LONG, () -> "4 handlers started, have " + recorded(started).size(),
                () -> recorded(started).size() == 4);
        worker.terminate();
        Eventually.until(LONG, "the first signal seen", () -> worker.err().contains("SIGTERM received"));
        assertThat(worker.isAlive()).as("still waiting for its running tasks").isTrue();
        worker.terminate();
        assertThat(worker.exitCode(LONG)).isEqualTo(143);
        assertThat(worker.err()).contains("second signal");
        assertThat(broker.inspector().stats("it-twice").inFlight()).as("leases left to expire").isEqualTo(4);
        broker.inspector().purge("it-twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void aWorkerStartedBeforeItsRedisConnectsWhenRedisComesUp(String backend) throws Exception {
        Path record = Files.createDirectories(dir.resolve("record-late-" + backend));
        try (RedisProcess late = RedisProcess.launch()) {
            late.stop(); // its port now refuses connections, as a Redis still starting does
            Map<String, String> env = env(record);
            env.put("SPOOL_REDIS_URL", late.url());
            env.put("SPOOL_BACKEND", backend);
            SpoolProcess worker = SpoolProcess.start(dir, "late-worker-" + backend, env, "worker", "--queues", "it-late",
                    "--concurrency", "2", "--connect-timeout", "120s");
            Eventually.until(LONG, () -> "the worker says Redis is not up yet: " + worker.err(),
                    () -> worker.err().contains("is not up yet") || !worker.isAlive());
            assertThat(worker.isAlive()).as("still trying: %s", worker.err()).isTrue();
            late.start();
            try (Broker b = Spool.connect(backend, late.url())) {
                assertThat(b.queue("it-late").enqueue(Task.of("record", "{\"i\":1}")).accepted()).isTrue();
            }
            Eventually.until(LONG, () -> "the task ran: " + worker.err(), () -> recorded(record).size() == 1);
            worker.terminate();
            assertThat(worker.exitCode(LONG)).as(worker.err()).isZero();
        }
    }

    @Test
    void theRedisStreamBackendRunsTheSameWay() throws Exception {
        Path record = Files.createDirectories(dir.resolve("record-stream"));
        Map<String, String> env = env(record);
        env.put("SPOOL_BACKEND", "redis-stream");
        enqueue("it-stream", tasks("stream", 100, 0), 100, env);
        SpoolProcess worker = SpoolProcess.start(dir, "stream-worker", env, "worker", "--queues", "it-stream",
                "--concurrency", "8");
        Eventually.until(LONG, () -> "100 tasks recorded, have " + recorded(record).size(),
                () -> recorded(record).size() == 100);
        worker.terminate();
        assertThat(worker.exitCode(LONG)).as(worker.err()).isZero();
        try (Broker stream = Spool.connect("redis-stream", REDIS.url())) {
            assertThat(stream.inspector().stats("it-stream").pending()).isZero();
        }
    }
}

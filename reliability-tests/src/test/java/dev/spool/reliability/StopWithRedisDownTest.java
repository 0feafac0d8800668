package dev.spool.reliability;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.QueueStats;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.reliability.handler.RecordingHandler;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to a real {@code spool.jar worker} process while Redis is down and the worker holds running
 * tasks: the process ends within its grace period plus a few seconds, whatever Redis does, and nothing
 * is lost: once Redis is back (on its AOF), the leases the worker could not hand back run out and a new
 * worker runs every task to the end.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang must fail, never block the build
class StopWithRedisDownTest {

    static final int TASKS = 4;
    static final long GRACE_MS = 2_000;
    /** The grace period plus this is the longest a stop may take (the worker's own bound is grace + 5 s). */
    static final long SLACK_MS = 8_000;

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated().withConfig("appendonly", "yes");

    @RegisterExtension
    static final RedisServerExtension RECORDER = RedisServerExtension.dedicated();

    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void sigtermWithRedisDownEndsTheProcessInTimeAndLosesNothing(String backend) throws Exception {
        REDIS.assumeControllable(); // it stops and starts the server
        REDIS.flushAll();
        RECORDER.flushAll();
        Path work = ChaosRun.reportDir().resolve("stop-" + backend);
        ChaosRun.deleteTree(work);
        Path handlers = HandlersJar.writeInto(work.resolve("handlers"));
        List<String> args = List.of("--backend", backend, "--redis", REDIS.url(), "--queues", "stop",
                "--concurrency", String.valueOf(TASKS), "--prefetch", "0", "--handlers", handlers.toString(),
                "--lease", "2s", "--grace", GRACE_MS + "ms", "--connect-timeout", "60s");
        try (Recorder recorder = new Recorder(RECORDER.url());
             WorkerFleet fleet = new WorkerFleet(WorkerFleet.spoolJar(), work.resolve("logs"), args,
                     Map.of(RecordingHandler.ENV_URL, recorder.url()))) {
            try (Broker broker = Spool.connect(backend, REDIS.url())) {
                List<Task> tasks = new ArrayList<>();
                for (int i = 1; i <= TASKS; i++) {
                    tasks.add(Task.builder(RecordingHandler.TYPE).id("stop-" + i)
                            .payload("{\"sleepMs\":4000,\"poison\":false}").build());
                }
                broker.queue("stop").enqueueAll(tasks);
            }
            WorkerFleet.Worker first = fleet.start();
            fleet.awaitStarted(first, Duration.ofSeconds(120));
            Poll.until("the worker to start all " + TASKS + " tasks", Duration.ofSeconds(60),
                    () -> recorder.starts().size() >= TASKS);

            REDIS.stop();
            Thread.sleep(1_500); // the worker's calls now retry against a server that is gone
            long t0 = System.nanoTime();
            first.process().destroy(); // SIGTERM
            boolean ended = first.process().waitFor(GRACE_MS + 60_000, TimeUnit.MILLISECONDS);
            long stopMs = (System.nanoTime() - t0) / 1_000_000;
            String report = String.format("=== SIGTERM with Redis down, %s: the process ended in %,d ms (grace %,d ms), "
                    + "exit code %s%n", backend, stopMs, GRACE_MS, ended ? first.process().exitValue() : "none (killed)");
            System.out.print(report);
            Files.createDirectories(ChaosRun.reportDir());
            Files.writeString(ChaosRun.reportDir().resolve("stop-" + backend + ".txt"), report, StandardCharsets.UTF_8);
            assertThat(ended).as(report).isTrue();
            assertThat(stopMs).as(report).isLessThan(GRACE_MS + SLACK_MS);

            REDIS.start(); // on its AOF: the tasks and their leases are there
            WorkerFleet.Worker second = fleet.start();
            fleet.awaitStarted(second, Duration.ofSeconds(120));
            Poll.until("every task to succeed once Redis is back", Duration.ofSeconds(120),
                    () -> recorder.succeededTasks() >= TASKS);
            try (Broker broker = Spool.connect(backend, BackendConfig.builder(REDIS.url()).build())) {
                Poll.until("the queue to empty", Duration.ofSeconds(30), () -> broker.inspector().stats("stop").pending() == 0,
                        () -> broker.inspector().stats("stop").toString());
                QueueStats s = broker.inspector().stats("stop");
                assertThat(s.dead()).as(report + s).isZero();
            }
            assertThat(recorder.executions().stream().filter(Execution::ok).map(Execution::id).distinct().count())
                    .as("tasks that succeeded").isEqualTo(TASKS);
        } finally {
            if (!REDIS.process().isRunning()) {
                REDIS.start();
            }
        }
    }
}

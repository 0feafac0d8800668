package dev.spool.reliability;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.QueueStats;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.reliability.handler.RecordingHandler;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leases are renewed while the worker lives: with a 2 s lease and a handler that works 7 s, real
 * worker processes run every task exactly once (started once, succeeded once), however long it runs.
 */
@Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES) // a hang must fail, never block the build
class LeaseRenewalTest {

    static final Duration LEASE = Duration.ofSeconds(2);
    static final long HANDLER_MS = 7_000;
    static final int TASKS = 12;

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated();

    @RegisterExtension
    static final RedisServerExtension RECORDER = RedisServerExtension.dedicated();

    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void aSlowTaskRunsOnceWhileItsWorkerLives(String backend) throws Exception {
        REDIS.flushAll();
        RECORDER.flushAll();
        Path work = ChaosRun.reportDir().resolve("lease-" + backend);
        ChaosRun.deleteTree(work);
        Path handlers = HandlersJar.writeInto(work.resolve("handlers"));
        List<String> args = List.of("--backend", backend, "--redis", REDIS.url(), "--queues", "slow",
                "--concurrency", "3", "--handlers", handlers.toString(), "--lease", "2s", "--grace", "20s",
                "--connect-timeout", "60s");
        long t0 = System.currentTimeMillis();
        try (Recorder recorder = new Recorder(RECORDER.url());
             Broker broker = Spool.connect(backend, BackendConfig.builder(REDIS.url()).lease(LEASE).build());
             WorkerFleet fleet = new WorkerFleet(WorkerFleet.spoolJar(), work.resolve("logs"), args,
                     Map.of(RecordingHandler.ENV_URL, recorder.url()))) {
            fleet.startAndAwait(2, Duration.ofSeconds(120));
            List<Task> tasks = new ArrayList<>();
            for (int i = 1; i <= TASKS; i++) {
                tasks.add(Task.builder(RecordingHandler.TYPE).id("slow-" + i)
                        .payload("{\"sleepMs\":" + HANDLER_MS + ",\"poison\":false}").build());
            }
            broker.queue("slow").enqueueAll(tasks);
            Poll.until("all " + TASKS + " slow tasks to succeed and the queue to empty", Duration.ofSeconds(240), () -> {
                QueueStats s = broker.inspector().stats("slow");
                return recorder.succeededTasks() >= TASKS && s.pending() == 0;
            }, () -> broker.inspector().stats("slow").toString());
            assertThat(fleet.alive()).as("both workers still alive").hasSize(2);
            List<Integer> exits = fleet.stopAll(Duration.ofSeconds(60));

            Map<String, Integer> starts = new TreeMap<>();
            recorder.starts().forEach(s -> starts.merge(s.id(), 1, Integer::sum));
            Map<String, Integer> oks = new TreeMap<>();
            long longest = 0;
            for (Execution e : recorder.executions()) {
                if (e.ok()) {
                    oks.merge(e.id(), 1, Integer::sum);
                }
                longest = Math.max(longest, e.endMs() - e.startMs());
            }
            String lostLeases = lostLeaseLines(fleet);
            String report = String.format("=== lease renewal, %s: %d tasks of %d ms on a %d ms lease, 2 workers x 3 threads%n"
                            + "  started more than once: %d, succeeded more than once: %d, longest run %d ms, "
                            + "lease-lost warnings: %d, dead: %d, run %.1f s, exits %s%n", backend, TASKS, HANDLER_MS,
                    LEASE.toMillis(), starts.values().stream().filter(n -> n > 1).count(),
                    oks.values().stream().filter(n -> n > 1).count(), longest, lostLeases.lines().count(),
                    broker.inspector().stats("slow").dead(), (System.currentTimeMillis() - t0) / 1000.0, exits);
            System.out.print(report);
            Files.createDirectories(ChaosRun.reportDir());
            Files.writeString(ChaosRun.reportDir().resolve("lease-" + backend + ".txt"), report, StandardCharsets.UTF_8);

            assertThat(starts).as("starts per task\n" + report).hasSize(TASKS).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
            assertThat(oks).as("successes per task\n" + report).hasSize(TASKS).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
            assertThat(longest).as("a task ran longer than its lease").isGreaterThan(LEASE.toMillis() * 3);
            assertThat(lostLeases).as("workers that said they lost a lease").isEmpty();
            assertThat(broker.inspector().stats("slow").dead()).isZero();
            assertThat(exits).as("exit codes on SIGTERM").containsOnly(0);
        }
    }

    private static String lostLeaseLines(WorkerFleet fleet) {
        StringBuilder sb = new StringBuilder();
        for (WorkerFleet.Worker w : fleet.started()) {
            WorkerFleet.tail(w.log(), 100_000).lines().filter(l -> l.contains("lease") && l.contains("lost"))
                    .forEach(l -> sb.append(l).append('\n'));
        }
        return sb.toString();
    }
}

package dev.spool.reliability;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.QueueSettings;
import dev.spool.api.RateLimit;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TypeLimit;
import dev.spool.reliability.handler.RecordingHandler;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A queue's limits measured where they matter: three real worker processes per backend (both backends
 * at once), the handlers recording when each task ran. A rate limit of 50/s must give a started rate
 * within 10 % of 50/s over the measured time (10 s in CI, 20 s with {@code -Pchaos}); a concurrency limit of 3 must never see a fourth task running, and must
 * see three (so the limit, not the load, is what held it); a concurrency limit of 2 on one type must hold the
 * same way while the tasks of another type, enqueued behind them, run beside them and finish first.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LimitsRunTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated();

    /** Where the handlers write when they ran. */
    @RegisterExtension
    static final RedisServerExtension RECORDER = RedisServerExtension.dedicated();

    private static final int RATE = 50;
    /** How long the started rate is measured: 10 s in CI, 20 s in the long form ({@code -Pchaos}). */
    private static final Duration MEASURED = Duration.ofSeconds(Long.getLong("limits.seconds", 20));

    /** One backend's queue, broker and worker processes. */
    private record Side(String backend, String queue, Broker broker, WorkerFleet fleet) {
    }

    @Test
    void rateAndConcurrencyLimitsHoldAcrossThreeWorkerProcesses() throws Exception {
        REDIS.flushAll();
        Path dir = ChaosRun.reportDir().resolve("limits");
        ChaosRun.deleteTree(dir);
        Path handlers = HandlersJar.writeInto(dir.resolve("handlers"));
        List<Side> sides = new ArrayList<>();
        try (Recorder recorder = new Recorder(RECORDER.url())) {
            recorder.clear();
            for (String backend : List.of("redis-list", "redis-stream")) {
                String queue = "limits-" + backend;
                Broker broker = Spool.connect(backend, BackendConfig.of(REDIS.url()));
                WorkerFleet fleet = new WorkerFleet(WorkerFleet.spoolJar(), dir.resolve(backend), List.of("--backend", backend,
                        "--redis", REDIS.url(), "--queues", queue, "--concurrency", "4", "--prefetch", "0", "--handlers",
                        handlers.toString(), "--heartbeat", "2s"), Map.of(RecordingHandler.ENV_URL, recorder.url()));
                sides.add(new Side(backend, queue, broker, fleet));
            }
            List<WorkerFleet.Worker> starting = new ArrayList<>(); // all six at once: their start-ups overlap
            for (Side s : sides) {
                for (int i = 0; i < 3; i++) {
                    starting.add(s.fleet().start());
                }
            }
            for (int i = 0; i < starting.size(); i++) {
                sides.get(i / 3).fleet().awaitStarted(starting.get(i), Duration.ofSeconds(120));
            }

            // 1. a rate limit of 50/s, with far more work ready than that
            List<Set<String>> rated = new ArrayList<>();
            for (Side s : sides) {
                s.broker().inspector().configure(s.queue(), QueueSettings.DEFAULTS.withRate(RateLimit.of(RATE, Duration.ofSeconds(1))));
                rated.add(enqueue(s, (int) (RATE * (MEASURED.toSeconds() + 8)), 5));
            }
            long from = System.currentTimeMillis() + 2000; // the first 2 s include the burst of the first window
            Thread.sleep(2000 + MEASURED.toMillis());
            long to = from + MEASURED.toMillis();
            for (int i = 0; i < sides.size(); i++) {
                Side s = sides.get(i);
                s.broker().inspector().purge(s.queue());
                Set<String> ids = rated.get(i);
                long started = recorder.starts().stream().filter(st -> ids.contains(st.id()))
                        .filter(st -> st.startMs() >= from && st.startMs() < to).count();
                double perSecond = started / (double) MEASURED.toSeconds();
                System.out.printf("limits %s: %d tasks started in %d s under %d/s: %.1f/s%n", s.backend(), started,
                        MEASURED.toSeconds(), RATE, perSecond);
                assertThat(perSecond).as(s.backend() + ": started per second over " + MEASURED.toSeconds() + " s")
                        .isBetween(RATE * 0.9, RATE * 1.1);
            }

            // 2. a concurrency limit of 3, with 12 handler threads free
            List<Set<String>> capped = new ArrayList<>();
            for (Side s : sides) {
                s.broker().inspector().configure(s.queue(), QueueSettings.DEFAULTS.withConcurrency(3));
                capped.add(enqueue(s, 150, 30));
            }
            Set<String> all = new HashSet<>();
            capped.forEach(all::addAll);
            Poll.until("every capped task recorded", Duration.ofSeconds(90),
                    () -> recorder.executions().stream().filter(e -> all.contains(e.id())).count() >= all.size());
            for (int i = 0; i < sides.size(); i++) {
                Set<String> ids = capped.get(i);
                int most = mostAtOnce(recorder.executions().stream().filter(e -> ids.contains(e.id())).toList());
                System.out.printf("limits %s: at most %d of %d tasks running at once under a concurrency limit of 3%n",
                        sides.get(i).backend(), most, ids.size());
                assertThat(most).as(sides.get(i).backend() + ": most tasks running at once").isEqualTo(3);
            }

            // 3. a concurrency limit of 2 on one type, its tasks ahead of as many of another type
            List<Set<String>> typed = new ArrayList<>();
            List<Set<String>> others = new ArrayList<>();
            for (Side s : sides) {
                s.broker().inspector().configure(s.queue(), QueueSettings.DEFAULTS.withTypeLimit(RecordingHandler.TYPE,
                        new TypeLimit(null, 2)));
                typed.add(enqueue(s, RecordingHandler.TYPE, 60, 40));
                others.add(enqueue(s, RecordingHandler.Other.TYPE, 60, 40));
            }
            Set<String> both = new HashSet<>();
            typed.forEach(both::addAll);
            others.forEach(both::addAll);
            Poll.until("every typed task recorded", Duration.ofSeconds(90),
                    () -> recorder.executions().stream().filter(e -> both.contains(e.id())).count() >= both.size());
            for (int i = 0; i < sides.size(); i++) {
                Set<String> limitedIds = typed.get(i);
                Set<String> otherIds = others.get(i);
                List<Execution> limitedRuns = recorder.executions().stream().filter(e -> limitedIds.contains(e.id())).toList();
                List<Execution> otherRuns = recorder.executions().stream().filter(e -> otherIds.contains(e.id())).toList();
                int most = mostAtOnce(limitedRuns);
                int mostOther = mostAtOnce(otherRuns);
                long limitedEnd = limitedRuns.stream().mapToLong(Execution::endMs).max().orElseThrow();
                long otherEnd = otherRuns.stream().mapToLong(Execution::endMs).max().orElseThrow();
                System.out.printf("limits %s: at most %d of %d tasks of the limited type running at once under its limit of 2;"
                        + " the other type, enqueued behind them: %d at once, done %d ms before%n", sides.get(i).backend(), most,
                        limitedIds.size(), mostOther, limitedEnd - otherEnd);
                assertThat(most).as(sides.get(i).backend() + ": most tasks of the limited type running at once").isEqualTo(2);
                assertThat(mostOther).as(sides.get(i).backend() + ": the other type passes the held-back tasks")
                        .isGreaterThan(2);
                assertThat(otherEnd).as(sides.get(i).backend() + ": the other type, behind, finished first").isLessThan(limitedEnd);
            }
        } finally {
            for (Side s : sides) {
                s.fleet().close();
                s.broker().close();
            }
        }
    }

    private static Set<String> enqueue(Side s, int n, long sleepMs) {
        return enqueue(s, RecordingHandler.TYPE, n, sleepMs);
    }

    private static Set<String> enqueue(Side s, String type, int n, long sleepMs) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(Task.ofValue(type, new RecordingHandler.Job(sleepMs, false)));
        }
        Set<String> ids = new HashSet<>();
        s.broker().queue(s.queue()).enqueueAll(tasks).forEach(r -> ids.add(r.taskId()));
        return ids;
    }

    /** The most executions whose [start, end) overlap at one moment (an end at t comes before a start at t). */
    static int mostAtOnce(List<Execution> runs) {
        List<long[]> edges = new ArrayList<>();
        for (Execution e : runs) {
            edges.add(new long[] {e.startMs(), 1});
            edges.add(new long[] {e.endMs(), -1});
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int most = 0;
        for (long[] e : edges) {
            now += (int) e[1];
            most = Math.max(most, now);
        }
        return most;
    }
}

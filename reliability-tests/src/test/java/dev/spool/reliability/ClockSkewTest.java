package dev.spool.reliability;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.reliability.handler.RecordingHandler;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real worker processes whose clocks disagree by a minute (the second runs under libfaketime,
 * Debian's {@code faketime} package) share one queue with a 2 s lease: no task is started twice.
 * On each worker's own clock this fails at once: the worker whose clock is ahead sees the other's
 * live leases as long run out and takes their tasks (or, behind, has its own taken). Spool reads
 * every lease from the Redis server's time, and the skewed worker says by how much its clock is off.
 */
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES) // a hang must fail, never block the build
class ClockSkewTest {

    static final long HANDLER_MS = 5_000;
    static final int TASKS = 4;
    static final String QUEUE = "skew";

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated();

    @RegisterExtension
    static final RedisServerExtension RECORDER = RedisServerExtension.dedicated();

    @ParameterizedTest(name = "{0}, second worker {1} s")
    @CsvSource({"redis-list, +60", "redis-stream, -60"}) // each backend once, each direction once: 20 s a run
    void aTaskHeldByOneWorkerIsNeverStartedByAWorkerWhoseClockIsAMinuteOff(String backend, String skew) throws Exception {
        REDIS.flushAll();
        RECORDER.flushAll();
        Path work = ChaosRun.reportDir().resolve("skew-" + backend + skew);
        ChaosRun.deleteTree(work);
        Path handlers = HandlersJar.writeInto(work.resolve("handlers"));
        List<String> args = List.of("--backend", backend, "--redis", REDIS.url(), "--queues", QUEUE,
                "--concurrency", "3", "--prefetch", "0", "--handlers", handlers.toString(), "--lease", "2s", "--grace", "20s",
                "--connect-timeout", "60s");
        try (Recorder recorder = new Recorder(RECORDER.url());
             Broker broker = Spool.connect(backend, BackendConfig.builder(REDIS.url()).build());
             WorkerFleet inStep = new WorkerFleet(WorkerFleet.spoolJar(), work.resolve("in-step"), args,
                     Map.of(RecordingHandler.ENV_URL, recorder.url()));
             WorkerFleet skewed = new WorkerFleet(WorkerFleet.spoolJar(), work.resolve("skewed"), args,
                     skewedEnv(recorder.url(), skew + "s"))) {
            // each worker runs 3 threads, so one worker cannot take all 4 tasks: each holds live leases
            // while the other still has a thread fetching (and, on its own clock, reaping)
            WorkerFleet.Worker first = inStep.start();
            WorkerFleet.Worker second = skewed.start();
            inStep.awaitStarted(first, Duration.ofSeconds(120));
            skewed.awaitStarted(second, Duration.ofSeconds(120));
            broker.queue(QUEUE).enqueueAll(tasks(1, TASKS));
            Poll.until("all " + TASKS + " tasks to succeed", Duration.ofSeconds(120), () -> recorder.succeededTasks() >= TASKS);
            Thread.sleep(2_000); // a lease taken over late would start a task again now: give it the time to show

            Map<String, List<Long>> startedBy = new TreeMap<>();
            recorder.starts().forEach(s -> startedBy.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(s.pid()));
            String skewedLog = WorkerFleet.tail(second.log(), 100_000);
            String report = "=== clock skew, " + backend + ", second worker " + skew + " s: starts (task: pids) "
                    + startedBy + ", in-step pid " + first.pid() + ", skewed pid " + second.pid();
            System.out.println(report);
            assertThat(startedBy).as(report).hasSize(TASKS).allSatisfy((id, pids) -> assertThat(pids).hasSize(1));
            assertThat(startedBy.values().stream().flatMap(List::stream).distinct()).as("both workers ran tasks: " + report)
                    .containsExactlyInAnyOrder(first.pid(), second.pid());
            assertThat(skewedLog).as("the skewed worker's log").contains("this machine's clock is ")
                    .contains(skew.startsWith("+") ? " ahead of " : " behind ");
            assertThat(inStep.stopAll(Duration.ofSeconds(60))).containsOnly(0);
            assertThat(skewed.stopAll(Duration.ofSeconds(60))).containsOnly(0);
        }
    }

    private static List<Task> tasks(int from, int to) {
        List<Task> tasks = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            tasks.add(Task.builder(RecordingHandler.TYPE).id(QUEUE + "-" + i)
                    .payload("{\"sleepMs\":" + HANDLER_MS + ",\"poison\":false}").build());
        }
        return tasks;
    }

    /** A worker's environment with its clock shifted by {@code offset} (libfaketime's syntax: +60s). */
    private static Map<String, String> skewedEnv(String recorderUrl, String offset) {
        Map<String, String> env = new HashMap<>();
        env.put(RecordingHandler.ENV_URL, recorderUrl);
        env.put("LD_PRELOAD", libfaketime().toString());
        env.put("FAKETIME", offset);
        env.put("FAKETIME_DONT_FAKE_MONOTONIC", "1"); // the JVM's timers must keep running; only the wall clock moves
        return env;
    }

    /** Debian's libfaketime (multi-threaded build); fails, naming the package, when it is not installed. */
    static Path libfaketime() {
        for (String dir : List.of("/usr/lib/x86_64-linux-gnu/faketime", "/usr/lib/aarch64-linux-gnu/faketime",
                "/usr/lib/faketime", "/usr/local/lib/faketime")) {
            Path lib = Path.of(dir, "libfaketimeMT.so.1");
            if (Files.isRegularFile(lib)) {
                return lib;
            }
        }
        throw new AssertionError("libfaketime is not installed: the clock-skew test runs workers with shifted clocks "
                + "through it. Install Debian's package (apt-get install faketime), as .ci/test-deps does");
    }
}

package dev.spool.reliability;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.DeadLetter;
import dev.spool.api.QueueStats;
import dev.spool.api.Spool;
import dev.spool.api.TaskQueue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One chaos run against one backend. Its duties:
 * <ol>
 *   <li>start the workers (real {@code spool worker} processes with the recording handler) and the producer,
 *       and register a schedule the workers fire every second ({@link ScheduleWatch});</li>
 *   <li>while tasks arrive: SIGKILL a random worker every {@code killEvery} and start a new one; CLIENT KILL
 *       the connections now and then; stop Redis with SIGTERM once (a third of the way) and kill it with
 *       SIGKILL once (two thirds), restarting it each time on the same AOF;</li>
 *   <li>wait, with a generous bound, until every accepted task has succeeded or is a dead letter and the
 *       queue holds nothing; stop the workers gracefully;</li>
 *   <li>hand the books to {@link ChaosReport}, with the schedule's ticks (each second once), print the report
 *       and write it under {@code chaos.reportDir}.</li>
 * </ol>
 */
final class ChaosRun {

    /** What the test lets the run do to the Redis under test. */
    interface RedisControl {
        void stop();

        void kill();

        void start();

        /** CLIENT KILL of every normal connection but the caller's; returns how many. */
        long killConnections();
    }

    static final String QUEUE = "chaos";

    private final ChaosPlan plan;
    private final String redisUrl;
    private final RedisControl redis;
    private final Recorder recorder;
    private final Path workDir;
    private final Events events = new Events();
    private final Random random = new Random(42);
    private final List<String> crashes = new java.util.ArrayList<>();
    /** Replacement workers that refused to start because Redis was down while they connected (by design). */
    private final List<String> refusedAtStart = new java.util.ArrayList<>();
    /** Planned faults that hit nothing: the run would otherwise claim a fault it did not make. */
    private final List<String> missedFaults = new java.util.ArrayList<>();

    ChaosRun(ChaosPlan plan, String redisUrl, RedisControl redis, Recorder recorder, Path workDir) {
        this.plan = plan;
        this.redisUrl = redisUrl;
        this.redis = redis;
        this.recorder = recorder;
        this.workDir = workDir;
    }

    /** The directory reports are written to. */
    static Path reportDir() {
        return Path.of(System.getProperty("chaos.reportDir", "target/chaos"));
    }

    ChaosReport run() throws Exception {
        recorder.clear();
        deleteTree(workDir);
        Path handlers = HandlersJar.writeInto(workDir.resolve("handlers"));
        List<String> args = List.of("--backend", plan.backend(), "--redis", redisUrl, "--queues", QUEUE,
                "--concurrency", Integer.toString(plan.concurrency()), "--prefetch", Integer.toString(plan.prefetch()),
                "--handlers", handlers.toString(),
                "--lease", plan.lease().toMillis() + "ms", "--grace", "20s", "--retry-delay", "200ms",
                "--heartbeat", "2s", "--connect-timeout", "60s");
        long t0 = System.currentTimeMillis();
        try (Broker broker = Spool.connect(plan.backend(), BackendConfig.builder(redisUrl).lease(plan.lease()).build());
             WorkerFleet fleet = new WorkerFleet(WorkerFleet.spoolJar(), workDir.resolve("logs"), args,
                     Map.of(dev.spool.reliability.handler.RecordingHandler.ENV_URL, recorder.url()))) {
            TaskQueue queue = broker.queue(QUEUE);
            broker.inspector().purge(QUEUE);
            broker.inspector().deleteAllDead(QUEUE);
            ScheduleWatch schedule = new ScheduleWatch();
            schedule.start(broker);
            fleet.startAndAwait(plan.workers(), Duration.ofSeconds(120));
            Producer producer = new Producer(queue, plan.tasks(), plan.poisonEvery(), plan.rate(), plan.handlerMs());
            Thread producing = new Thread(producer, "chaos-producer");
            producing.start();
            inflictFaults(fleet, producer);
            producing.join();
            if (producer.failure != null) {
                throw producer.failure;
            }
            Duration bound = Duration.ofSeconds(180 + plan.tasks() / 200);
            String drainError = awaitDrained(broker, fleet, producer, bound);
            List<Integer> exits = fleet.stopAll(Duration.ofSeconds(60));
            Set<String> dead = deadIds(broker);
            ChaosReport report = ChaosReport.analyze("chaos run, " + plan.label(), new ChaosReport.Books(
                    Set.copyOf(producer.accepted), Set.copyOf(producer.poisoned), Set.copyOf(producer.uncertain), dead,
                    recorder.executions(), recorder.starts(), events.all(), plan.lease(), plan.concurrency() + plan.prefetch(),
                    plan.workers() + 1));
            QueueStats stats = broker.inspector().stats(QUEUE);
            report.extra.add(String.format("%-32s %s", "queue at the end", stats));
            report.extra.add(String.format("%-32s %s", "worker exit codes on SIGTERM", exits));
            report.extra.add(String.format("%-32s %d (%s)", "producer errors", producer.enqueueErrors.get(),
                    producer.errorSamples.stream().limit(2).toList()));
            report.extra.add(String.format("%-32s %.1f s", "run time", (System.currentTimeMillis() - t0) / 1000.0));
            schedule.finish(broker, report);
            report.extra.add(String.format("%-32s %d (replaced; a worker that cannot connect at start exits 1) %s",
                    "workers refused at start", refusedAtStart.size(), refusedAtStart.stream().limit(2).toList()));
            crashes.forEach(c -> report.anomalies.add("worker crashed: " + c));
            missedFaults.forEach(f -> report.anomalies.add("a planned fault did not happen: " + f));
            if (drainError != null) {
                report.anomalies.add("did not drain within " + bound.toSeconds() + " s: " + drainError);
            }
            if (exits.stream().anyMatch(c -> c != 0)) {
                report.anomalies.add("a worker did not exit 0 on SIGTERM: " + exits);
            }
            write(report);
            return report;
        }
    }

    private void inflictFaults(WorkerFleet fleet, Producer producer) throws IOException {
        long killEveryMs = plan.killEvery().toMillis();
        long nextKill = System.currentTimeMillis() + killEveryMs;
        int clientKillsDone = 0;
        boolean stopped = false;
        boolean killed = false;
        while (!producer.isDone()) {
            Poll.sleep(100);
            crashes.addAll(fleet.replaceCrashed(refusedAtStart));
            double progress = producer.accepted.size() / (double) plan.tasks();
            long now = System.currentTimeMillis();
            if (now >= nextKill) {
                long pid = fleet.killRandom(random);
                if (pid > 0) {
                    events.add(Events.Kind.WORKER_KILLED, pid, "worker pid " + pid);
                }
                while (fleet.alive().size() < plan.workers()) {
                    fleet.start();
                }
                nextKill = System.currentTimeMillis() + killEveryMs;
            }
            if (clientKillsDone < plan.clientKills() && progress >= (clientKillsDone + 0.5) / plan.clientKills()) {
                events.add(Events.Kind.CONNECTIONS_KILLED, 0, "CLIENT KILL");
                long n = redis.killConnections();
                clientKillsDone++;
                System.out.println("CLIENT KILL dropped " + n + " connections");
                if (n == 0) {
                    missedFaults.add("CLIENT KILL " + clientKillsDone + " dropped no connection");
                }
            }
            if (!stopped && progress >= 1.0 / 3) {
                events.add(Events.Kind.REDIS_STOPPED, 0, "redis SIGTERM + start");
                redis.stop();
                redis.start();
                stopped = true;
            }
            if (!killed && progress >= 2.0 / 3) {
                events.add(Events.Kind.REDIS_KILLED, 0, "redis SIGKILL + start");
                redis.kill();
                redis.start();
                killed = true;
            }
        }
    }

    /** Waits until every accepted task succeeded or is dead and the queue is empty; returns null, or what is left. */
    private String awaitDrained(Broker broker, WorkerFleet fleet, Producer producer, Duration bound) {
        Set<String> good = producer.acceptedGood();
        Set<String> poisonedAccepted = new HashSet<>(producer.accepted);
        poisonedAccepted.retainAll(producer.poisoned);
        String[] left = {null};
        try {
            Poll.until("every accepted task to succeed or be dead-lettered", bound, () -> {
                try {
                    crashes.addAll(fleet.replaceCrashed(refusedAtStart));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                QueueStats s = broker.inspector().stats(QUEUE);
                if (recorder.succeededTasks() < good.size() || s.pending() > 0 || s.dead() < poisonedAccepted.size()) {
                    left[0] = s + ", succeeded " + recorder.succeededTasks() + " of " + good.size();
                    return false;
                }
                Set<String> missing = recorder.neverSucceeded(good);
                left[0] = s + ", never succeeded: " + missing.size() + " " + missing.stream().limit(5).toList();
                return missing.isEmpty();
            });
            return null;
        } catch (AssertionError e) {
            return left[0];
        }
    }

    private static Set<String> deadIds(Broker broker) {
        Set<String> ids = new HashSet<>();
        for (int offset = 0; ; offset += 1000) {
            List<DeadLetter> page = broker.inspector().deadLetters(QUEUE, offset, 1000);
            page.forEach(d -> ids.add(d.id()));
            if (page.size() < 1000) {
                return ids;
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void write(ChaosReport report) throws IOException {
        String text = report.render();
        System.out.println(text);
        Path dir = Files.createDirectories(reportDir());
        Files.writeString(dir.resolve("chaos-" + plan.backend() + ".txt"), text, StandardCharsets.UTF_8);
    }
}

package dev.spool.demo;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.EnqueueResult;
import dev.spool.api.QueueInspector;
import dev.spool.api.RetryPolicy;
import dev.spool.api.Spool;
import dev.spool.demo.handlers.GenerateLogFile;
import dev.spool.demo.handlers.ParseLogFile;
import dev.spool.worker.Worker;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The demo in one process. Duties:
 * <ol>
 *   <li>start an embedded Redis on a free port (unless {@code --redis} or {@code --backend inmemory});</li>
 *   <li>start a {@link Worker} with the two handlers and a listener that counts what happens;</li>
 *   <li>enqueue the plan's tasks, draw the progress, and wait for each task's outcome by id
 *       ({@link Outcomes}: woken by the queue's event log, following each generate task to its parse);</li>
 *   <li>stop the worker gracefully, build the report from the result files and the backend's
 *       dead letters, check it against the disk, print it and write it as JSON;</li>
 *   <li>stop Redis. The exit code is 0 when the check passed.</li>
 * </ol>
 */
final class LocalRun {
    private final DemoOptions options;
    private final int workers;
    private final PrintStream out;
    private final boolean terminal;
    private final Clock clock = Clock.systemUTC();
    private volatile Worker running;
    private volatile ProgressBar progress;

    LocalRun(DemoOptions options, int workers, PrintStream out, boolean terminal) {
        this.options = options;
        this.workers = workers;
        this.out = out;
        this.terminal = terminal;
    }

    /** Runs the demo; returns the exit code. */
    int run() throws IOException, InterruptedException {
        DemoPlan plan = options.plan();
        DemoCli.logTo(plan);
        EmbeddedRedis redis = null;
        String url;
        String where;
        if (options.backend.equals("inmemory")) {
            url = "inmemory://"; // a private store
            where = "this JVM (no Redis)";
        } else if (options.redis != null) {
            url = options.redis;
            where = "Redis at " + BackendConfig.redact(url);
        } else {
            redis = EmbeddedRedis.start();
            url = redis.url();
            where = "embedded Redis at " + url;
        }
        EmbeddedRedis server = redis;
        Thread interrupted = new Thread(() -> onInterrupt(server), "spool-demo-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try (server; Broker broker = Spool.connect(options.backend, url)) {
            broker.ping();
            plan.clearOutput();
            return run(plan, broker, where);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already: the hook runs
            }
        }
    }

    /**
     * Ctrl-C. With a Redis of its own ({@code --redis}) the worker is closed, so that it hands back
     * the tasks it holds at once rather than when their leases expire. The embedded Redis is gone
     * already (Ctrl-C reaches every process of the terminal's group, and embedded-redis has its
     * own shutdown hook), and its data with it: there is nothing to hand back, and a worker
     * closing against a dead server would only wait out its client's retries.
     */
    private void onInterrupt(EmbeddedRedis embedded) {
        ProgressBar bar = progress;
        Worker worker = running;
        if (bar == null || worker == null) {
            return; // not running yet, or finished: the main thread closes what there is
        }
        bar.close();
        if (embedded == null) {
            out.println("spool-demo: interrupted; stopping the worker (the tasks it holds go back to the queue)");
            worker.close();
        } else {
            out.println("spool-demo: interrupted; the embedded Redis and its tasks are gone");
        }
    }

    private int run(DemoPlan plan, Broker broker, String where) throws IOException, InterruptedException {
        ReportPrinter printer = new ReportPrinter(out);
        printer.header(report(plan, where, null, 0, null, null, null));

        RunMetrics metrics = new RunMetrics(clock);
        try (Worker worker = Worker.builder(broker)
                .queues(options.queue)
                .concurrency(workers)
                .discoverHandlers(false)
                .handler(new GenerateLogFile())
                .handler(new ParseLogFile())
                .retryPolicy(RetryPolicy.defaults().withInitialDelay(Duration.ofMillis(100)).withMaxDelay(Duration.ofSeconds(2)))
                .grace(Duration.ofSeconds(10))
                .listener(metrics)
                .build();
             ProgressBar bar = new ProgressBar(out, terminal, plan.expectedTasks(), metrics)) {
            running = worker;
            progress = bar;
            try {
                return execute(plan, broker, where, printer, metrics, worker, bar);
            } finally {
                running = null; // from here on the main thread closes them
                progress = null;
            }
        }
    }

    private int execute(DemoPlan plan, Broker broker, String where, ReportPrinter printer, RunMetrics metrics,
                        Worker worker, ProgressBar bar) throws IOException, InterruptedException {
        worker.start();
        bar.start();
        Instant startedAt = clock.instant(); // the wall time starts here, with the worker up and its handlers wired
        long startNanos = System.nanoTime();
        List<EnqueueResult> enqueued = broker.queue(options.queue).enqueueAll(plan.tasks());
        Outcomes.Summary outcomes = Outcomes.await(broker, options.queue, enqueued, startNanos + options.timeout().toNanos());
        boolean done = outcomes.done();
        long endNanos = metrics.lastFinishedNanos() == 0 ? System.nanoTime() : metrics.lastFinishedNanos();
        bar.close();
        if (!done) {
            out.println("spool-demo: the run did not finish within " + options.timeout + " ("
                    + metrics.finished() + " of " + plan.expectedTasks() + " tasks); see the report below");
        }
        List<RunReport.DeadLetterView> dead = deadLetters(broker.inspector(), options.queue, startedAt);
        RunReport report = report(plan, where, metrics, (endNanos - startNanos) / 1_000_000, dead,
                RunReport.check(plan, dead), RunReport.LogSummary.of(RunReport.mergedStats(plan), 5));
        Files.writeString(plan.reportFile(), report.toJson() + "\n", StandardCharsets.UTF_8);
        printer.summary(report); // before the worker's graceful close, which may wait for a blocking fetch
        outcomes.print(out, plan);
        return done && report.check().ok() && outcomes.matches(plan) ? 0 : 1;
    }

    /** This run's dead letters as the backend holds them (newest first; older ones of the queue left out). */
    static List<RunReport.DeadLetterView> deadLetters(QueueInspector inspector, String queue, Instant since) {
        Instant from = since.minusSeconds(1);
        return inspector.deadLetters(queue, 0, 1000).stream()
                .filter(d -> d.failedAt() == null || !d.failedAt().isBefore(from))
                .map(RunReport.DeadLetterView::of)
                .toList();
    }

    private RunReport report(DemoPlan plan, String where, RunMetrics metrics, long wallMs,
                             List<RunReport.DeadLetterView> dead, RunReport.Check check, RunReport.LogSummary logs) {
        RunReport.Tasks tasks = metrics == null ? null : new RunReport.Tasks(plan.expectedTasks(), metrics.finished(),
                metrics.succeeded(), metrics.retried(), metrics.deadLettered());
        double throughput = metrics == null || wallMs == 0 ? 0 : metrics.finished() * 1000.0 / wallMs;
        return new RunReport(options.backend, where, options.queue, plan.seed(), plan.files(), plan.lines(), workers,
                plan.out().toString(), tasks, wallMs, Math.round(throughput * 10) / 10.0,
                metrics == null ? null : metrics.latency(), dead, logs, check);
    }
}

package dev.spool.demo;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.EnqueueResult;
import dev.spool.api.QueueStats;
import dev.spool.api.Spool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code spool-demo produce}: the producer of the distributed form. Enqueues the plan's tasks on
 * a shared Redis, then (unless {@code --no-wait}) waits for each task's outcome by id while workers in
 * other processes run them ({@link Outcomes}: woken by the queue's event log, following each generate
 * task to its parse and adding up the parse results), and prints the same summary as the one-process
 * demo. The progress bar reads the queue's figures.
 */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Enqueues the demo's tasks on a shared Redis for workers in other processes, waits for them "
                + "and prints the summary. Without --redis it uses redis://127.0.0.1:6379, as spool worker does.%n",
                "Run the workers with: spool worker --handlers demo-app/target/handlers --queues logs "
                        + "--redis <url>. They must see the --out directory.%n"})
final class ProduceCommand implements Callable<Integer> {
    /** The Redis of {@code produce} without {@code --redis}: the one {@code spool worker} uses by default. */
    static final String DEFAULT_REDIS = "redis://127.0.0.1:6379";

    @Mixin
    DemoOptions options;

    @Option(names = "--no-wait", description = "Enqueue and exit; do not wait for the workers.")
    boolean noWait;

    @ParentCommand
    DemoCli parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        options.validate(spec);
        if (options.backend.equals("inmemory")) {
            throw DemoOptions.usage(spec, "produce needs a backend other processes can reach; use redis-list or redis-stream");
        }
        if (options.redis == null) {
            options.redis = DEFAULT_REDIS;
        }
        DemoPlan plan = options.plan();
        DemoCli.logTo(plan);
        try (Broker broker = Spool.connect(options.backend, options.redis)) {
            broker.ping();
            plan.clearOutput();
            return produce(plan, broker);
        }
    }

    private int produce(DemoPlan plan, Broker broker) throws IOException, InterruptedException {
        var printer = new ReportPrinter(parent.out);
        String where = "Redis at " + BackendConfig.redact(options.redis);
        printer.header(report(plan, where, null, 0, null, null, null));
        Clock clock = Clock.systemUTC();
        var progress = new QueueProgress(broker.inspector(), options.queue);
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        List<EnqueueResult> enqueued = broker.queue(options.queue).enqueueAll(plan.tasks());
        if (noWait) {
            parent.out.printf("Enqueued %d tasks on queue '%s'.%n", plan.files() + 1, options.queue);
            return DemoCli.OK;
        }
        boolean serving = broker.workers().list().stream().anyMatch(w -> w.queues().contains(options.queue));
        if (!serving) {
            parent.out.printf("  no worker serves queue '%s' yet; start some with%n"
                    + "    java -jar worker-runtime/target/spool.jar worker%s --redis %s --queues %s "
                    + "--handlers demo-app/target/handlers%n%n", options.queue,
                    options.backend.equals("redis-list") ? "" : " --backend " + options.backend,
                    BackendConfig.redact(options.redis), options.queue);
        }
        Outcomes.Summary outcomes;
        long end = start + options.timeout().toNanos();
        try (ProgressBar bar = new ProgressBar(parent.out, parent.terminal, plan.expectedTasks(), progress).start()) {
            outcomes = Outcomes.await(broker, options.queue, enqueued, end);
        }
        progress.refresh();
        boolean done = outcomes.done();
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        if (!done) {
            parent.out.println("spool-demo: the run did not finish within " + options.timeout
                    + "; are workers running on queue '" + options.queue + "' and do they see " + plan.out() + "?");
        }
        List<RunReport.DeadLetterView> dead = LocalRun.deadLetters(broker.inspector(), options.queue, startedAt);
        RunReport report = report(plan, where, progress, wallMs, dead, RunReport.check(plan, dead),
                RunReport.LogSummary.of(RunReport.mergedStats(plan), 5));
        Files.writeString(plan.reportFile(), report.toJson() + "\n", StandardCharsets.UTF_8);
        printer.summary(report);
        outcomes.print(parent.out, plan);
        return done && report.check().ok() && outcomes.matches(plan) ? DemoCli.OK : DemoCli.FAILED;
    }

    private RunReport report(DemoPlan plan, String where, QueueProgress progress, long wallMs,
                             List<RunReport.DeadLetterView> dead, RunReport.Check check, RunReport.LogSummary logs) {
        RunReport.Tasks tasks = progress == null ? null : new RunReport.Tasks(plan.expectedTasks(), progress.finished(),
                progress.finished() - progress.deadLettered(), progress.retried(), progress.deadLettered());
        double throughput = progress == null || wallMs == 0 ? 0 : progress.finished() * 1000.0 / wallMs;
        return new RunReport(options.backend, where, options.queue, plan.seed(), plan.files(), plan.lines(), 0,
                plan.out().toString(), tasks, wallMs, Math.round(throughput * 10) / 10.0, null, dead, logs, check);
    }

    /**
     * Progress read from the queue's figures (the workers are elsewhere, so there is no listener):
     * the change since the run began in processed, failed and dead counts.
     */
    static final class QueueProgress implements Progress {
        private final dev.spool.api.QueueInspector inspector;
        private final String queue;
        private final QueueStats before;
        private volatile QueueStats now;
        private volatile long refreshedAt = System.nanoTime();

        QueueProgress(dev.spool.api.QueueInspector inspector, String queue) {
            this.inspector = inspector;
            this.queue = queue;
            this.before = inspector.stats(queue);
            this.now = before;
        }

        QueueStats refresh() {
            now = inspector.stats(queue);
            refreshedAt = System.nanoTime();
            return now;
        }

        /** The figures, read again when the last read is older than a tenth of a second (the bar asks often). */
        private QueueStats current() {
            if (System.nanoTime() - refreshedAt > 100_000_000L) {
                refresh();
            }
            return now;
        }

        @Override
        public long deadLettered() {
            return Math.max(0, current().dead() - before.dead());
        }

        @Override
        public long retried() {
            return Math.max(0, current().failed() - before.failed() - deadLettered());
        }

        @Override
        public long finished() {
            QueueStats s = current();
            long succeeded = (s.processed() - before.processed()) - (s.failed() - before.failed());
            return Math.max(0, succeeded) + deadLettered();
        }
    }
}

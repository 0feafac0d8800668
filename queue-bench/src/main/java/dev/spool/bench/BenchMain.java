package dev.spool.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code java -jar queue-bench/target/spool-bench.jar [--quick] [--redis url] …}: runs the benchmark,
 * prints the table and writes it as JSON.
 */
@Command(name = "spool-bench", mixinStandardHelpOptions = true,
        description = {"Throughput, latency and memory of every Spool backend beside the raw-Redis ceiling, in one run.",
                "Starts its own redis-server (from the embedded-redis JAR) unless --redis is given.",
                "The full run takes about 30 minutes on 2 cores; --quick validates the harness in about 3."})
public final class BenchMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);

    @Option(names = "--redis", paramLabel = "<url>", description = "Use this Redis (redis://host:port) instead of starting one. "
            + "It is FLUSHALLed between measurements: never point this at a Redis holding data.")
    String redis;

    @Option(names = "--quick", description = "Small sizes and 1 repetition: 20,000-task drains, 3 s steady states.")
    boolean quick;

    @Option(names = "--backends", split = ",", paramLabel = "<b1,b2>", description = "Default: redis-list,redis-stream,inmemory.")
    List<String> backends = List.of("redis-list", "redis-stream", "inmemory");

    @Option(names = "--sections", split = ",", paramLabel = "<s1,s2>", description = "Default: enqueue,drain,steady,memory.")
    List<String> sections = List.of("enqueue", "drain", "steady", "memory");

    @Option(names = "--repetitions", paramLabel = "<n>", description = "Repetitions per figure. Default: 3 (quick: 1).")
    Integer repetitions;

    @Option(names = "--drain-tasks", paramLabel = "<n>", description = "Tasks per drain. Default: 200000 (quick: 20000).")
    Integer drainTasks;

    @Option(names = "--concurrency", split = ",", paramLabel = "<c1,c2>", description = "Drain concurrencies. Default: 1,8,64.")
    List<Integer> concurrencies = List.of(1, 8, 64);

    @Option(names = "--steady-rate", paramLabel = "<tasks/s>", description = "The fixed steady-state rate. Default: 1000.")
    double steadyRate = 1000;

    @Option(names = "--steady-seconds", paramLabel = "<s>", description = "Length of each steady state. Default: 20 (quick: 3).")
    Double steadySeconds;

    @Option(names = "--warmup-seconds", paramLabel = "<s>", description = "Unmeasured warm-up at the rate before each "
            + "steady state; long enough for both JVMs (bench and worker) to finish their JIT compilation, whose bursts "
            + "otherwise hold a core for 1-3 ms and make the latency tail. Default: 15 (quick: 1).")
    Double warmupSeconds;

    @Option(names = "--steady-concurrency", paramLabel = "<n>", description = "Worker concurrency in the steady state. Default: 8.")
    int steadyConcurrency = 8;

    @Option(names = "--out", paramLabel = "<dir>", description = "Where spool-bench.json and the worker logs go. "
            + "Default: queue-bench/target/bench-results from the project root, else ./bench-results.")
    Path out;

    @Option(names = "--spool-jar", paramLabel = "<file>", description = "Run workers from this spool.jar. "
            + "Default: worker-runtime/target/spool.jar when it exists, else the CLI inside this JAR.")
    Path spoolJar;

    @Option(names = "--events-off", description = "Run the drains on queues without an event log (spool configure "
            + "--events off), to show what the log costs.")
    boolean eventsOff;

    @Option(names = "--otel", description = "Run each drain a second time with the OpenTelemetry SDK present (tasks "
            + "enqueued in producer spans, a consumer span per attempt, batch span processor, spans counted and dropped) "
            + "and report its warm rate and worker CPU per task as a ratio to the plain drain of the same repetition.")
    boolean otel;

    @Option(names = "--dashboard", description = "Run each Redis drain a second time with the dashboard open on it ("
            + WatchedDrain.VIEWERS + " pages refreshing every 2 s, served from the bench's process) and report its warm "
            + "rate and worker CPU per task as a ratio to the plain drain of the same repetition.")
    boolean dashboard;

    @Option(names = "--worker-jvm-option", paramLabel = "<opt>", description = "A JVM option of worker processes, repeatable.")
    List<String> workerJvmOptions = new ArrayList<>();

    /** Runs the benchmark; exit code 0 on success. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Option(names = "--render", paramLabel = "<json>", description = "Print the table and summary of an earlier run's "
            + "spool-bench.json instead of running.")
    Path render;

    @Override
    public Integer call() throws Exception {
        if (render != null) {
            Report old = Report.fromJson(Files.readString(render));
            System.out.println(old.table());
            System.out.println(Summary.markdown(old.figures(), Summary.subjects(old.figures())));
            return 0;
        }
        Settings settings = settings();
        // on Ctrl-C, stop the redis-server and worker processes this run started (its own descendants only)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                .forEach(ProcessHandle::destroy), "bench-children-stop"));
        Files.createDirectories(settings.outDir().resolve("logs"));
        Report report = new Report();
        report.context("run", (quick ? "QUICK (small sizes, 1 repetition: validates the harness, figures are indicative only)"
                : "full") + ", " + Instant.now());
        Machine.describe(report);
        report.context("sizes", "drain " + settings.drainTasks() + " tasks; enqueue x1 " + settings.enqueueOneTasks()
                + ", enqueueAll " + settings.enqueueBatchTasks() + "; steady " + settings.steadySeconds() + " s after "
                + settings.warmupSeconds() + " s warm-up; memory " + settings.memoryTasks() + " tasks; "
                + settings.repetitions() + " repetition(s) per figure (median, min, max)");
        report.context("load average at start", ProcStat.loadAverage());
        Path handlersDir = settings.outDir().resolve("handlers");
        HandlerJar.write(handlersDir);
        report.context("worker", Launchers.describe(Launchers.worker(settings.workerJvmOptions(), settings.spoolJar()))
                + " worker --handlers " + handlersDir);
        if (settings.otel()) {
            report.context("OpenTelemetry (--otel)", "each drain again, right after the plain one, by "
                    + Launchers.describe(Launchers.benchMain(settings.workerJvmOptions(), TracedWorker.class.getName()))
                    + " worker ... (the SDK's defaults, batch span processor, spans counted and dropped; inmemory: the same "
                    + "SDK in the child JVM); ratios are to the plain drain");
        }
        if (settings.dashboard()) {
            report.context("dashboard (--dashboard)", "each Redis drain again, right after the plain one, with a dashboard "
                    + "in the bench's process and " + WatchedDrain.VIEWERS + " pages open on it, each refreshing every "
                    + WatchedDrain.REFRESH.toSeconds() + " s as a queue page does; ratios are to the plain drain");
        }
        RedisServer server = null;
        try {
            String url = settings.redisUrl();
            if (url == null) {
                server = RedisServer.start();
                url = server.url();
                report.context("redis", "redis-server 6.2.6 from the embedded-redis JAR at " + url + " (no persistence)");
            } else {
                report.context("redis", url);
            }
            Bench bench = new Bench(settings, report, url, handlersDir);
            bench.redisPid = server == null ? -1 : server.pid();
            bench.runAll();
        } finally {
            if (server != null) {
                server.close();
            }
            report.context("load average at end", ProcStat.loadAverage());
            Targets.judge(report);
            Notes.add(report);
            Path json = settings.outDir().resolve("spool-bench.json");
            report.writeJson(json);
            String summary = Summary.markdown(report.figures(), Summary.subjects(report.figures()));
            Files.writeString(settings.outDir().resolve("summary.md"), summary);
            System.out.println(report.table());
            System.out.println("Summary (median; in parentheses the ratio to the raw ceiling measured just before):\n");
            System.out.println(summary);
            System.out.println("JSON: " + json.toAbsolutePath() + "; summary: " + settings.outDir().resolve("summary.md").toAbsolutePath());
        }
        return 0;
    }

    Settings settings() {
        Path jar = spoolJar != null ? spoolJar : Launchers.defaultSpoolJar();
        return new Settings(redis, backends, sections,
                repetitions != null ? repetitions : quick ? 1 : 3,
                quick ? 5_000 : 50_000,
                quick ? 20_000 : 200_000,
                List.of(1, 100, 1000),
                drainTasks != null ? drainTasks : quick ? 20_000 : 200_000,
                concurrencies, steadyRate,
                steadySeconds != null ? steadySeconds : quick ? 3 : 20,
                warmupSeconds != null ? warmupSeconds : quick ? 1 : 15,
                steadyConcurrency,
                quick ? 20_000 : 100_000,
                out != null ? out : Files.isDirectory(Path.of("queue-bench", "target"))
                        ? Path.of("queue-bench", "target", "bench-results") : Path.of("bench-results"),
                jar, workerJvmOptions, quick, eventsOff, otel, dashboard);
    }
}

package dev.spool.bench;

import com.google.gson.Gson;
import dev.spool.api.Broker;
import dev.spool.api.QueueSettings;
import dev.spool.api.Spool;
import dev.spool.api.TaskQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark run, section by section, every figure measured {@code repetitions} times and each
 * Spool figure right after the ceiling it is compared with:
 * <ol>
 *   <li>enqueue: tasks/s of enqueue one at a time and enqueueAll in batches, beside raw RPUSH / XADD;</li>
 *   <li>drain: a worker process drains {@code drainTasks} tasks at each concurrency, beside the raw
 *       fetch-and-ack loop at the worker's fetch batch (its concurrency, at most 100);</li>
 *   <li>steady: end-to-end latency and worker CPU under a fixed rate, and at half the measured drain;</li>
 *   <li>memory: Redis used_memory per queued task, beside a raw list / stream of the same payloads.</li>
 * </ol>
 */
final class Bench {
    private static final Logger LOG = LoggerFactory.getLogger(Bench.class);
    /** The enqueueAll batch the Redis drain is filled with, and the worker's fetch limit (Fetcher.MAX_BATCH). */
    private static final int FETCH_CAP = 100;

    final Settings s;
    final Report report;
    final String url;
    final String host;
    final int port;
    final Path handlersDir;
    final Map<String, Double> warmDrain = new HashMap<>();
    int run;
    /** Script calls and all commands per task of the last Redis drain (INFO commandstats). */
    double[] lastCalls;

    /** redis-server's pid when the bench started it, else -1 (no server CPU figures). */
    long redisPid = -1;

    Bench(Settings settings, Report report, String url, Path handlersDir) {
        this.s = settings;
        this.report = report;
        this.url = url;
        URI u = URI.create(url);
        this.host = u.getHost();
        this.port = u.getPort();
        this.handlersDir = handlersDir;
    }

    void runAll() throws Exception {
        if (s.runs("enqueue")) {
            for (String b : s.backends()) {
                enqueue(b);
            }
        }
        if (s.runs("drain")) {
            for (String b : s.backends()) {
                drain(b);
            }
        }
        if (s.runs("steady")) {
            SteadySection steady = new SteadySection(this);
            for (String b : s.backends()) {
                steady.run(b);
            }
        }
        if (s.runs("memory")) {
            for (String b : s.backends()) {
                memory(b);
            }
        }
    }

    // ---------------------------------------------------------------- enqueue

    private void enqueue(String backend) throws Exception {
        for (int batch : s.batchSizes()) {
            int n = batch == 1 ? s.enqueueOneTasks() : s.enqueueBatchTasks();
            List<Double> raw = new ArrayList<>();
            List<Double> spool = new ArrayList<>();
            List<Double> rawServer = new ArrayList<>();
            List<Double> spoolServer = new ArrayList<>();
            for (int r = 0; r < s.repetitions(); r++) {
                flush();
                Double ceiling = null;
                try (RawCeiling c = ceiling()) {
                    if (isList(backend)) {
                        ceiling = c.listEnqueue(n, batch);
                    } else if (isStream(backend)) {
                        ceiling = c.streamEnqueue(n, batch);
                    }
                    rawServer.add(c.lastServerMicrosPerTask);
                }
                if (ceiling != null) {
                    raw.add(ceiling);
                }
                flush();
                try (Broker broker = open(backend, "enqueue")) {
                    enqueueRate(broker.queue("bench-warmup"), Math.min(n, 2 * batch + 2000), batch); // JIT, connections
                    long c0 = serverCpu();
                    spool.add(enqueueRate(broker.queue("bench-enqueue"), n, batch));
                    spoolServer.add(c0 < 0 ? Double.NaN : (serverCpu() - c0) / 1e3 / n);
                }
                progress("enqueue", backend, "batch " + batch, spool.get(r), ceiling);
            }
            String name = batch == 1 ? "enqueue x1" : "enqueueAll x" + batch;
            Ratios.add(report, "enqueue", backend, name, "tasks/s", raw, spool, rawName(backend) + " " + (isList(backend) ? "RPUSH" : "XADD") + " x" + batch);
            Ratios.server(report, "enqueue", backend, name + " redis-server CPU per task", raw.isEmpty() ? List.of() : rawServer,
                    spoolServer, rawName(backend) + " " + (isList(backend) ? "RPUSH" : "XADD") + " x" + batch);
        }
    }

    static double enqueueRate(TaskQueue q, int n, int batch) {
        long t0 = System.nanoTime();
        if (batch == 1) {
            for (int i = 0; i < n; i++) {
                q.enqueue(Tasks.plain());
            }
        } else {
            for (int done = 0; done < n; done += batch) {
                q.enqueueAll(Tasks.plain(Math.min(batch, n - done)));
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    // ---------------------------------------------------------------- drain

    private void drain(String backend) throws Exception {
        for (int c : s.concurrencies()) {
            int fetchBatch = Math.min(c, FETCH_CAP);
            List<Double> raw = new ArrayList<>();
            List<Double> total = new ArrayList<>();
            List<Double> warm = new ArrayList<>();
            List<Double> startup = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            List<Double> heapEnd = new ArrayList<>();
            List<Double> heapGc = new ArrayList<>();
            List<Double> rawServer = new ArrayList<>();
            List<Double> spoolServer = new ArrayList<>();
            List<Double> port = new ArrayList<>();
            List<Double> portRatio = new ArrayList<>();
            List<Double> portServer = new ArrayList<>();
            List<Double> scriptCalls = new ArrayList<>();
            List<Double> allCalls = new ArrayList<>();
            TracedDrain traced = s.otel() ? new TracedDrain(this, backend, c) : null;
            WatchedDrain watched = s.dashboard() && !backend.equals("inmemory") ? new WatchedDrain(this, backend, c) : null;
            for (int r = 0; r < s.repetitions(); r++) {
                flush();
                Double ceiling = null;
                try (RawCeiling rc = ceiling()) {
                    if (isList(backend)) {
                        ceiling = rc.listDrain(s.drainTasks(), fetchBatch);
                    } else if (isStream(backend)) {
                        ceiling = rc.streamDrain(s.drainTasks(), fetchBatch);
                    }
                    rawServer.add(rc.lastServerMicrosPerTask);
                }
                if (ceiling != null) {
                    raw.add(ceiling);
                }
                flush();
                try (Broker broker = open(backend, "port-loop")) {
                    eventsSetting(broker, "bench-port-loop");
                    double[] p = PortLoop.drain(broker, "bench-port-loop", s.drainTasks(), fetchBatch, this::serverCpu);
                    port.add(p[0]);
                    portServer.add(p[1]);
                    if (ceiling != null) {
                        portRatio.add(p[0] / ceiling);
                    }
                }
                flush();
                lastCalls = null;
                DrainRun.Result d = drainOnce(backend, c, Launchers.worker(s.workerJvmOptions(), s.spoolJar()), Map.of(),
                        "drain-" + backend + "-c" + c);
                if (lastCalls != null) {
                    scriptCalls.add(lastCalls[0]);
                    allCalls.add(lastCalls[1]);
                }
                spoolServer.add(d.serverMicrosPerTask());
                total.add(d.startToLastAck());
                warm.add(d.warm());
                startup.add(d.startupMillis());
                cpu.add(d.cpuMicrosPerTask());
                heapEnd.add(mebibytes(d.heapBefore()));
                heapGc.add(mebibytes(d.heapAfterGc()));
                progress("drain", backend, "concurrency " + c, d.warm(), ceiling);
                if (traced != null) {
                    traced.measure(d);
                }
                if (watched != null) {
                    watched.measure(d, Launchers.worker(s.workerJvmOptions(), s.spoolJar()));
                }
            }
            String vs = rawName(backend) + " drain x" + fetchBatch;
            Ratios.add(report, "drain", backend, "c=" + c + " start->last ack", "tasks/s", raw, total, vs);
            Ratios.add(report, "drain", backend, "c=" + c + " first->last ack (warm)", "tasks/s", raw, warm, vs, false);
            report.add(new Figure("drain", backend, "c=" + c + " port loop x" + fetchBatch + " (fetch+ackAll, no runtime)",
                    "tasks/s", Spread.of(port), portRatio.isEmpty() ? null : Spread.of(portRatio),
                    portRatio.isEmpty() ? null : vs));
            Ratios.server(report, "drain", backend, "c=" + c + " redis-server CPU per task (warm)", raw.isEmpty() ? List.of() : rawServer,
                    spoolServer, vs);
            if (!raw.isEmpty() && portServer.stream().noneMatch(v -> v.isNaN())) {
                report.add(Figure.plain("drain", backend, "c=" + c + " port loop redis-server CPU per task", "us/task",
                        Spread.of(portServer)));
            }
            warmDrain.put(backend + "/" + c, Spread.of(warm).median());
            report.add(Figure.plain("drain", backend, "c=" + c + " start-up to first ack", "ms", Spread.of(startup)));
            report.add(Figure.plain("drain", backend, "c=" + c + " worker CPU per task (warm)", "us/task", Spread.of(cpu)));
            if (!scriptCalls.isEmpty()) {
                report.add(Figure.plain("drain", backend, "c=" + c + " worker's EVAL/EVALSHA calls per task", "calls/task",
                        Spread.of(scriptCalls)));
                report.add(Figure.plain("drain", backend, "c=" + c + " worker's Redis commands per task (incl. in scripts)",
                        "commands/task", Spread.of(allCalls)));
            }
            report.add(Figure.plain("drain", backend, "c=" + c + " worker heap at end of drain", "MiB", Spread.of(heapEnd)));
            report.add(Figure.plain("drain", backend, "c=" + c + " worker heap after full GC", "MiB", Spread.of(heapGc)));
            if (traced != null) {
                traced.report();
            }
            if (watched != null) {
                watched.report();
            }
        }
    }

    /** Turns the event log of {@code queue} off with {@code --events-off}, on (the default) without. */
    private void eventsSetting(Broker broker, String queue) {
        broker.inspector().configure(queue, QueueSettings.DEFAULTS.withEventsKept(
                s.eventsOff() ? 0 : QueueSettings.DEFAULT_EVENTS_KEPT));
    }

    /**
     * One drain by a worker started with {@code launcher} (the java command up to the CLI's arguments) and
     * {@code env}, logging to {@code logName}; inmemory: by the child JVM, with {@code env}.
     */
    DrainRun.Result drainOnce(String backend, int concurrency, List<String> launcher, Map<String, String> env,
                              String logName) throws Exception {
        long timeout = 120_000 + 5L * s.drainTasks();
        if (backend.equals("inmemory")) {
            return child(List.of("drain", Integer.toString(s.drainTasks()), Integer.toString(concurrency)), env,
                    DrainRun.Result.class, timeout);
        }
        String queue = "bench-drain-" + (++run);
        try (Broker broker = open(backend, "drain"); Jedis j = new Jedis(host, port)) {
            eventsSetting(broker, queue);
            WorkerProcess w = new WorkerProcess(WorkerProcess.command(launcher, backend, url, queue, concurrency, handlersDir),
                    env, log(logName));
            broker.inspector().stats(queue);
            CommandStats a = CommandStats.read(j);
            CommandStats b = CommandStats.read(j);
            broker.inspector().stats(queue);
            CommandStats c = CommandStats.read(j);
            CommandStats info = b.minus(a);
            CommandStats poll = c.minus(b).minus(info);
            CommandStats before = CommandStats.read(j);
            DrainRun.Result d = DrainRun.run(broker, queue, s.drainTasks(), w, timeout, this::serverCpu);
            CommandStats worker = CommandStats.read(j).minus(before).minus(info).minus(poll.times(d.polls()));
            lastCalls = new double[] {(double) worker.scriptCalls() / s.drainTasks(), (double) worker.allCalls() / s.drainTasks()};
            return d;
        }
    }

    // ---------------------------------------------------------------- memory

    private void memory(String backend) throws Exception {
        int n = s.memoryTasks();
        List<Double> raw = new ArrayList<>();
        List<Double> spool = new ArrayList<>();
        for (int r = 0; r < s.repetitions(); r++) {
            flush();
            Double ceiling = null;
            try (RawCeiling c = ceiling()) {
                if (isList(backend)) {
                    ceiling = c.listBytesPerTask(n);
                } else if (isStream(backend)) {
                    ceiling = c.streamBytesPerTask(n);
                }
            }
            if (ceiling != null) {
                raw.add(ceiling);
            }
            flush();
            if (backend.equals("inmemory")) {
                spool.add(heapPerTask(n));
            } else {
                try (Broker broker = open(backend, "memory"); Jedis j = new Jedis(host, port)) {
                    TaskQueue q = broker.queue("bench-memory");
                    q.enqueue(Tasks.plain()); // the queue's fixed keys exist before the first measurement
                    long before = RawCeiling.usedMemory(j);
                    for (int done = 0; done < n; done += 1000) {
                        q.enqueueAll(Tasks.plain(Math.min(1000, n - done)));
                    }
                    spool.add((double) (RawCeiling.usedMemory(j) - before) / n);
                }
            }
            progress("memory", backend, n + " tasks", spool.get(r), ceiling);
        }
        String unit = "bytes/task"; // inmemory: JVM heap, see the notes
        Ratios.add(report, "memory", backend, "queued task, " + Tasks.PAYLOAD_BYTES + "-byte payload", unit, raw, spool,
                rawName(backend) + " entry of the same payload");
    }

    /** Bytes as MiB; -1 (jcmd could not read the worker's heap) is not a measurement: NaN, printed n/a. */
    static double mebibytes(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / 1048576.0;
    }

    private static double heapPerTask(int n) throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        try (Broker broker = Spool.connect("inmemory", "inmemory://bench-memory-" + System.nanoTime())) {
            TaskQueue q = broker.queue("bench-memory");
            q.enqueue(Tasks.plain());
            long before = usedAfterGc(rt);
            for (int done = 0; done < n; done += 1000) {
                q.enqueueAll(Tasks.plain(Math.min(1000, n - done)));
            }
            return (double) (usedAfterGc(rt) - before) / n;
        }
    }

    private static long usedAfterGc(Runtime rt) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    // ---------------------------------------------------------------- helpers

    <T> T child(List<String> args, Map<String, String> env, Class<T> type, long timeoutMillis) throws Exception {
        Path result = s.outDir().resolve("child-" + (++run) + ".json");
        Files.deleteIfExists(result);
        List<String> cmd = new ArrayList<>(Launchers.benchMain(s.workerJvmOptions(), InMemoryChild.class.getName()));
        cmd.addAll(args);
        cmd.add(result.toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log("inmemory-" + args.get(0)).toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the inmemory child (" + String.join(" ", args) + ") did not finish within "
                    + timeoutMillis + " ms; see " + log("inmemory-" + args.get(0)));
        }
        if (p.exitValue() != 0 || !Files.exists(result)) {
            throw new IllegalStateException("the inmemory child (" + String.join(" ", args) + ") failed with exit code "
                    + p.exitValue() + "; see " + log("inmemory-" + args.get(0)));
        }
        try {
            return new Gson().fromJson(Files.readString(result), type);
        } finally {
            Files.deleteIfExists(result);
        }
    }

    Broker open(String backend, String purpose) {
        String where = backend.equals("inmemory") ? "inmemory://bench-" + purpose + "-" + (++run) : url;
        return Spool.connect(backend, where);
    }

    RawCeiling ceiling() {
        return new RawCeiling(host, port, Tasks.PAYLOAD, this::serverCpu);
    }

    /** redis-server's CPU time in nanoseconds, or -1 when unknown. */
    long serverCpu() {
        return redisPid > 0 ? ProcStat.cpuNanos(redisPid) : -1;
    }

    void flush() {
        try (Jedis j = new Jedis(host, port)) {
            j.flushAll();
        }
    }

    Path log(String name) {
        return s.outDir().resolve("logs").resolve(name + ".log");
    }

    static void progress(String section, String backend, String what, double spool, Double ceiling) {
        LOG.info("{} {} {}: {}{}", section, backend, what, Report.number(spool),
                ceiling == null ? "" : " (ceiling " + Report.number(ceiling) + ", " + Math.round(100 * spool / ceiling) + " %)");
    }

    static boolean isList(String backend) {
        return backend.equals("redis-list");
    }

    static boolean isStream(String backend) {
        return backend.equals("redis-stream");
    }

    static String rawName(String backend) {
        return isList(backend) ? "raw-list" : isStream(backend) ? "raw-stream" : "-";
    }
}

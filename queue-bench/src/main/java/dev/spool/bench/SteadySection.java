package dev.spool.bench;

import dev.spool.api.Broker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The steady-state section of a run: for each backend, a worker under a producer at the fixed rate
 * and at half the warm drain measured at the same concurrency (see {@link SteadyRun}); latency
 * percentiles, achieved rate, worker CPU and the Redis calls of every client per task.
 */
final class SteadySection {
    private static final Logger LOG = LoggerFactory.getLogger(SteadySection.class);

    private final Bench b;

    SteadySection(Bench bench) {
        this.b = bench;
    }

    void run(String backend) throws Exception {
        List<Double> rates = new ArrayList<>(List.of(b.s.steadyRate()));
        Double drained = b.warmDrain.get(backend + "/" + b.s.steadyConcurrency());
        if (drained != null && !drained.isNaN()) {
            rates.add(Math.floor(drained / 2));
        } else {
            b.report.note("steady " + backend + ": no drain at concurrency " + b.s.steadyConcurrency()
                    + " was measured in this run, so the half-drain rate was skipped");
        }
        for (int i = 0; i < rates.size(); i++) {
            double rate = rates.get(i);
            String label = (i == 0 ? "" : "half drain ") + String.format("%.0f/s", rate);
            Map<String, List<Double>> f = new java.util.LinkedHashMap<>();
            for (String k : List.of("p50", "p99", "p99.9", "max", "achieved", "cpu%", "cpu", "scripts", "gcs", "gcms")) {
                f.put(k, new ArrayList<>());
            }
            for (int r = 0; r < b.s.repetitions(); r++) {
                b.flush();
                b.lastCalls = null;
                SteadyRun.Result res = steadyOnce(backend, rate);
                if (b.lastCalls != null) {
                    f.get("scripts").add(b.lastCalls[0]);
                }
                f.get("p50").add(res.p50Millis());
                f.get("p99").add(res.p99Millis());
                f.get("p99.9").add(res.p999Millis());
                f.get("max").add(res.maxMillis());
                f.get("achieved").add(res.achieved());
                f.get("cpu%").add(res.cpuPercent());
                f.get("cpu").add(res.cpuMicrosPerTask());
                if (res.gcCount() >= 0) {
                    f.get("gcs").add((double) res.gcCount());
                    f.get("gcms").add(res.gcMillis());
                }
                LOG.info("steady {} at {}: p50 {} ms, p99 {} ms, p99.9 {} ms, sent {}/s, worker CPU {} %", backend, label,
                        Report.number(res.p50Millis()), Report.number(res.p99Millis()), Report.number(res.p999Millis()),
                        Report.number(res.achieved()), Report.number(res.cpuPercent()));
            }
            for (String k : List.of("p50", "p99", "p99.9", "max")) {
                b.report.add(Figure.plain("steady", backend, label + " latency " + k, "ms", Spread.of(f.get(k))));
            }
            b.report.add(Figure.plain("steady", backend, label + " rate achieved", "tasks/s", Spread.of(f.get("achieved"))));
            b.report.add(Figure.plain("steady", backend, label + " worker CPU", "% of a core", Spread.of(f.get("cpu%"))));
            b.report.add(Figure.plain("steady", backend, label + " worker CPU per task", "us/task", Spread.of(f.get("cpu"))));
            if (!f.get("gcs").isEmpty()) {
                b.report.add(Figure.plain("steady", backend, label + " worker GCs during the measurement", "GCs",
                        Spread.of(f.get("gcs"))));
                b.report.add(Figure.plain("steady", backend, label + " worker GC time during the measurement", "ms",
                        Spread.of(f.get("gcms"))));
            }
            if (!f.get("scripts").isEmpty()) {
                b.report.add(Figure.plain("steady", backend, label + " EVAL/EVALSHA calls per task (all clients)", "calls/task",
                        Spread.of(f.get("scripts"))));
            }
        }
    }

    private SteadyRun.Result steadyOnce(String backend, double rate) throws Exception {
        Path latencies = b.s.outDir().resolve("latency-" + (++b.run) + ".bin");
        Files.deleteIfExists(latencies);
        long slots = (long) (rate * b.s.steadySeconds() * 1.2) + 10_000;
        Map<String, String> env = Map.of("SPOOL_BENCH_LATENCY_FILE", latencies.toAbsolutePath().toString(),
                "SPOOL_BENCH_LATENCY_MAX", Long.toString(slots));
        long timeout = 120_000;
        try {
            if (backend.equals("inmemory")) {
                return b.child(List.of("steady", Double.toString(rate), Double.toString(b.s.steadySeconds()),
                        Double.toString(b.s.warmupSeconds()), Integer.toString(b.s.steadyConcurrency()),
                        latencies.toAbsolutePath().toString()), env, SteadyRun.Result.class,
                        timeout + (long) (1000 * (b.s.steadySeconds() + b.s.warmupSeconds())));
            }
            String queue = "bench-steady-" + b.run;
            try (Broker broker = b.open(backend, "steady"); Jedis j = new Jedis(b.host, b.port)) {
                WorkerProcess w = new WorkerProcess(WorkerProcess.command(Launchers.worker(b.s.workerJvmOptions(), b.s.spoolJar()),
                        backend, b.url, queue, b.s.steadyConcurrency(), b.handlersDir), env, b.log("steady-" + backend));
                CommandStats before = CommandStats.read(j);
                SteadyRun.Result res = SteadyRun.run(broker, queue, rate, b.s.steadySeconds(), b.s.warmupSeconds(), w, latencies,
                        timeout);
                CommandStats all = CommandStats.read(j).minus(before);
                long tasks = (long) (rate * b.s.warmupSeconds()) + res.tasks();
                b.lastCalls = new double[] {(double) all.scriptCalls() / tasks, (double) all.allCalls() / tasks};
                return res;
            }
        } finally {
            Files.deleteIfExists(latencies);
        }
    }
}

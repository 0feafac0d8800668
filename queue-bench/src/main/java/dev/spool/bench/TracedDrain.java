package dev.spool.bench;

import dev.spool.api.tracing.SpoolTracing;
import io.opentelemetry.sdk.OpenTelemetrySdk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The drain of one backend and concurrency once more with the OpenTelemetry SDK present
 * ({@code --otel}), right after the plain drain of each repetition so that both see the same machine:
 * the bench enqueues the tasks inside producer spans (each task carries a {@code traceparent}, as in an
 * application that traces), and the worker ({@link TracedWorker}, from the bench's classpath; inmemory:
 * the child JVM) records a consumer span per attempt through {@link BenchTracing}'s SDK. Reports the warm
 * drain and the worker CPU per task with their ratio to the plain drain's (a spool.jar worker, without
 * the API, unless --spool-jar points elsewhere or none was built), and the consumer spans exported per
 * task: 1 when every attempt was recorded, less when the span processor dropped some.
 */
final class TracedDrain {
    static final String VERSUS = "the same drain without OpenTelemetry";

    private final Bench bench;
    private final String backend;
    private final int concurrency;
    private final List<Double> plainWarm = new ArrayList<>();
    private final List<Double> tracedWarm = new ArrayList<>();
    private final List<Double> plainCpu = new ArrayList<>();
    private final List<Double> tracedCpu = new ArrayList<>();
    private final List<Double> spansPerTask = new ArrayList<>();

    TracedDrain(Bench bench, String backend, int concurrency) {
        this.bench = bench;
        this.backend = backend;
        this.concurrency = concurrency;
    }

    /** Runs the traced drain and keeps it beside {@code plain}, the plain drain of the same repetition. */
    void measure(DrainRun.Result plain) throws Exception {
        String name = "drain-otel-" + backend + "-c" + concurrency;
        Path spans = bench.s.outDir().resolve(name + "-spans.txt").toAbsolutePath();
        Files.deleteIfExists(spans);
        bench.flush();
        DrainRun.Result traced;
        try (OpenTelemetrySdk producerSide = BenchTracing.sdk(new LongAdder())) {
            SpoolTracing.use(producerSide);
            try {
                traced = bench.drainOnce(backend, concurrency,
                        Launchers.benchMain(bench.s.workerJvmOptions(), TracedWorker.class.getName()),
                        Map.of(BenchTracing.SPANS_FILE_ENV, spans.toString()), name);
            } finally {
                SpoolTracing.useGlobal();
            }
        }
        plainWarm.add(plain.warm());
        tracedWarm.add(traced.warm());
        plainCpu.add(plain.cpuMicrosPerTask());
        tracedCpu.add(traced.cpuMicrosPerTask());
        long exported = BenchTracing.readCount(spans);
        spansPerTask.add(exported < 0 ? Double.NaN : (double) exported / traced.tasks());
        Bench.progress("drain", backend, "concurrency " + concurrency + " with the OpenTelemetry SDK", traced.warm(),
                null);
    }

    /** Adds the figures of every repetition measured. */
    void report() {
        String c = "c=" + concurrency + " ";
        Ratios.add(bench.report, "drain", backend, c + "warm drain with the OpenTelemetry SDK", "tasks/s", plainWarm,
                tracedWarm, VERSUS, false);
        Ratios.add(bench.report, "drain", backend, c + "worker CPU per task with the OpenTelemetry SDK", "us/task",
                plainCpu, tracedCpu, VERSUS, false);
        bench.report.add(Figure.plain("drain", backend, c + "consumer spans exported per task (OpenTelemetry SDK)",
                "spans/task", Spread.of(spansPerTask)));
    }
}

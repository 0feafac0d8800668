package dev.spool.bench;

import com.google.gson.GsonBuilder;
import dev.spool.api.Broker;
import dev.spool.api.Spool;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The worker process of the inmemory backend, whose store lives in the JVM that opened it: this
 * process enqueues the tasks itself and runs an {@link EmbeddedWorker}, so its CPU and heap figures
 * are those of a worker process as for the Redis backends (in the steady state they include the
 * producer's CPU too). Writes its result as JSON to the last argument.
 * <pre>
 * drain  &lt;tasks&gt; &lt;concurrency&gt; &lt;result.json&gt;
 * steady &lt;rate&gt; &lt;seconds&gt; &lt;warmup seconds&gt; &lt;concurrency&gt; &lt;latency file&gt; &lt;result.json&gt;
 * </pre>
 */
public final class InMemoryChild {
    private InMemoryChild() {
    }

    /** Runs one drain or steady measurement; exits 0 on success. */
    public static void main(String[] args) throws Exception {
        BenchTracing.installIfAsked(); // the traced drain of --otel
        String queue = "bench";
        Object result;
        try (Broker broker = Spool.connect("inmemory", "inmemory://bench-child")) {
            if (args[0].equals("drain")) {
                int n = Integer.parseInt(args[1]);
                result = DrainRun.run(broker, queue, n, new EmbeddedWorker(broker, queue, Integer.parseInt(args[2])),
                        600_000);
            } else {
                result = SteadyRun.run(broker, queue, Double.parseDouble(args[1]), Double.parseDouble(args[2]),
                        Double.parseDouble(args[3]), new EmbeddedWorker(broker, queue, Integer.parseInt(args[4])),
                        Path.of(args[5]), 300_000);
            }
        }
        Files.writeString(Path.of(args[args.length - 1]),
                new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(result));
        System.exit(0);
    }
}

package dev.spool.bench;

import dev.spool.api.Broker;
import dev.spool.api.TaskQueue;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The steady state: a worker runs while a {@link Producer} offers tasks at a fixed rate.
 * <ol>
 *   <li>warm-up: {@code warmup} seconds at the rate with unstamped tasks (not counted), until all are processed;</li>
 *   <li>measure: {@code seconds} at the rate with tasks stamped with their send time; the handler
 *       records now − sent (enqueue → handler start) into the latency file;</li>
 *   <li>wait until every measured task is processed and its latency is in the file; worker CPU is
 *       the utime + stime delta from the start of the measured part to the last ack.</li>
 * </ol>
 */
final class SteadyRun {

    /**
     * What one steady run measured.
     *
     * @param offered          tasks/s asked of the producer
     * @param achieved         tasks/s the producer actually sent
     * @param tasks            tasks measured
     * @param p50Millis        end-to-end latency, median
     * @param p99Millis        end-to-end latency, 99th percentile
     * @param p999Millis       end-to-end latency, 99.9th percentile
     * @param maxMillis        end-to-end latency, largest
     * @param cpuPercent       worker CPU as a percentage of one core
     * @param cpuMicrosPerTask worker CPU per task, microseconds
     * @param gcCount          worker garbage collections during the measured part (-1 when unknown)
     * @param gcMillis         their total time, milliseconds (for G1 young and full collections: pauses)
     */
    record Result(double offered, double achieved, long tasks, double p50Millis, double p99Millis, double p999Millis,
                  double maxMillis, double cpuPercent, double cpuMicrosPerTask, long gcCount, double gcMillis) {
    }

    private SteadyRun() {
    }

    /** Runs {@code worker} (which records latencies into {@code latencyFile}) under a producer at {@code rate}. */
    static Result run(Broker broker, String queue, double rate, double seconds, double warmup, WorkerTarget worker,
                      Path latencyFile, long timeoutMillis) throws Exception {
        TaskQueue q = broker.queue(queue);
        try (worker) {
            worker.start();
            long base = broker.inspector().stats(queue).processed();
            long warm = Producer.run(q, rate, warmup, Tasks::plain);
            awaitProcessed(broker, queue, base + warm, timeoutMillis);
            long[] gc0 = worker.gc();
            long cpu0 = worker.cpuNanos();
            long t0 = System.nanoTime();
            long sent = Producer.run(q, rate, seconds, Tasks::timed);
            double achieved = sent / ((System.nanoTime() - t0) / 1e9);
            awaitProcessed(broker, queue, base + warm + sent, timeoutMillis);
            long t1 = System.nanoTime();
            long cpu1 = worker.cpuNanos();
            long[] gc1 = worker.gc();
            boolean gcKnown = gc0[0] >= 0 && gc1[0] >= 0;
            boolean cpuKnown = cpu0 >= 0 && cpu1 >= 0; // -1: the worker's /proc/<pid>/stat could not be read
            long[] latencies = awaitLatencies(latencyFile, sent, 20_000);
            Percentiles p = Percentiles.of(latencies);
            return new Result(rate, achieved, sent, p.at(50) / 1e3, p.at(99) / 1e3, p.at(99.9) / 1e3, p.max() / 1e3,
                    cpuKnown ? 100.0 * (cpu1 - cpu0) / (t1 - t0) : Double.NaN,
                    cpuKnown ? (cpu1 - cpu0) / 1e3 / Math.max(1, sent) : Double.NaN,
                    gcKnown ? gc1[0] - gc0[0] : -1, gcKnown ? (gc1[1] - gc0[1]) / 1e3 : Double.NaN);
        }
    }

    static void awaitProcessed(Broker broker, String queue, long target, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long done;
        while ((done = broker.inspector().stats(queue).processed()) < target) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("queue '" + queue + "': " + done + " of " + target
                        + " tasks processed after " + timeoutMillis + " ms; the worker is stuck or far too slow");
            }
            Thread.sleep(DrainRun.POLL_MS);
        }
    }

    /** Reads the latency file once it holds {@code count} values (the recorder flushes every 20 ms). */
    static long[] awaitLatencies(Path file, long count, long timeoutMillis) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!Files.exists(file) || Files.size(file) < count * 8) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("latency file " + file + " holds " + (Files.exists(file) ? Files.size(file) / 8 : 0)
                        + " of " + count + " values after " + timeoutMillis + " ms");
            }
            Thread.sleep(20);
        }
        long[] out = new long[(int) count];
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            for (int i = 0; i < out.length; i++) {
                out[i] = in.readLong();
            }
        }
        return out;
    }
}

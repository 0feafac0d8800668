package dev.spool.bench.handler;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies recorded by {@link NoopHandler} inside the worker process, handed to the benchmark
 * through a file so that nothing but an array store happens on the handler's thread:
 * <ol>
 *   <li>enabled only when the environment variable {@value #FILE_ENV} names a file; then a
 *       preallocated array of {@value #MAX_ENV} slots (default 1,000,000) takes one value per task
 *       (an atomic index claim and a volatile store, no lock);</li>
 *   <li>a daemon thread appends the filled slots to the file every 20 ms as big-endian longs
 *       (microseconds), so the benchmark can read them while the worker still runs.</li>
 * </ol>
 */
public final class LatencyRecorder {
    /** The environment variable naming the output file. */
    public static final String FILE_ENV = "SPOOL_BENCH_LATENCY_FILE";
    /** The environment variable giving the number of slots. */
    public static final String MAX_ENV = "SPOOL_BENCH_LATENCY_MAX";

    private static final AtomicLongArray SLOTS;
    private static final AtomicInteger NEXT = new AtomicInteger();

    static {
        String file = System.getenv(FILE_ENV);
        String max = System.getenv(MAX_ENV);
        SLOTS = file == null ? null : new AtomicLongArray(max == null ? 1_000_000 : Integer.parseInt(max));
        if (file != null) {
            Thread t = new Thread(() -> flushLoop(file), "bench-latency-writer");
            t.setDaemon(true);
            t.start();
        }
    }

    private LatencyRecorder() {
    }

    /** Records one latency in microseconds (dropped when recording is off or the array is full). */
    public static void record(long micros) {
        if (SLOTS == null) {
            return;
        }
        int i = NEXT.getAndIncrement();
        if (i < SLOTS.length()) {
            SLOTS.set(i, micros + 1); // 0 marks a slot claimed but not yet written
        }
    }

    private static void flushLoop(String file) {
        int written = 0;
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(file, true)))) {
            while (true) {
                int end = Math.min(NEXT.get(), SLOTS.length());
                while (written < end) {
                    long v = SLOTS.get(written);
                    if (v == 0) {
                        break;
                    }
                    out.writeLong(v - 1);
                    written++;
                }
                out.flush();
                Thread.sleep(20);
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("bench latency writer stopped: " + e);
        }
    }
}

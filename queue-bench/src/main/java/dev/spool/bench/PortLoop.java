package dev.spool.bench;

import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.TaskQueue;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The drain through the port alone, without the worker runtime: one thread in the bench JVM calls
 * {@code fetch(batch)} and then {@code ackAll} of what it got, until the queue is empty. It is what
 * a backend can do when it is used the way the ceiling uses Redis (two calls per batch), so the gap
 * between it and the raw ceiling is the backend's, and the gap between it and the worker's drain is
 * the runtime's.
 */
final class PortLoop {
    private PortLoop() {
    }

    /**
     * Fills {@code queue} with {@code n} tasks (not timed), then drains it {@code batch} at a time.
     *
     * @return {tasks/s, redis-server CPU per task in microseconds (NaN when {@code serverCpu} gives -1)}
     */
    static double[] drain(Broker broker, String queue, int n, int batch, LongSupplier serverCpu) {
        TaskQueue q = broker.queue(queue);
        for (int done = 0; done < n; done += 1000) {
            q.enqueueAll(Tasks.plain(Math.min(1000, n - done)));
        }
        long t0 = System.nanoTime();
        long c0 = serverCpu.getAsLong();
        int done = 0;
        int empty = 0;
        while (done < n) {
            List<Delivery> got = q.fetch(Math.min(batch, n - done), Duration.ZERO);
            if (got.isEmpty()) {
                if (++empty > 100) {
                    throw new IllegalStateException("port loop on queue '" + queue + "': the queue ran dry after " + done
                            + " of " + n + " tasks");
                }
                continue;
            }
            q.ackAll(got);
            done += got.size();
        }
        double rate = n / ((System.nanoTime() - t0) / 1e9);
        long c1 = serverCpu.getAsLong();
        return new double[] {rate, c0 < 0 || c1 < 0 ? Double.NaN : (c1 - c0) / 1e3 / n};
    }
}

package dev.spool.bench;

import dev.spool.api.Broker;
import dev.spool.api.QueueStats;
import dev.spool.api.TaskQueue;

import java.util.concurrent.TimeUnit;

/**
 * The drain: {@code n} no-op tasks are enqueued (not timed, enqueueAll of 1,000), then one worker
 * is started and timed from its start to the last ack. The end is seen by polling the queue's
 * stats every {@value #POLL_MS} ms until {@code processed} reaches {@code n}; the first poll that
 * sees a processed task marks the start of the warm part (after JVM start-up, wiring and connecting).
 */
final class DrainRun {
    static final long POLL_MS = 5;

    /**
     * What one drain measured.
     *
     * @param tasks           tasks drained
     * @param startToLastAck  tasks/s from the worker's start (process launch) to the last ack
     * @param warm            tasks/s from the first ack seen to the last ack
     * @param startupMillis   from the start to the first ack seen
     * @param cpuMicrosPerTask worker CPU (user + system) per task over the warm part, microseconds
     * @param heapBefore      worker heap used at the end of the drain, bytes
     * @param heapAfterGc     worker heap used after a full GC at the end of the drain, bytes
     * @param polls           how many times the bench read the queue's stats meanwhile
     * @param serverMicrosPerTask redis-server CPU per task over the warm part (bench polls included), NaN when unknown
     */
    record Result(int tasks, double startToLastAck, double warm, double startupMillis, double cpuMicrosPerTask,
                  long heapBefore, long heapAfterGc, long polls, double serverMicrosPerTask) {
    }

    private DrainRun() {
    }

    /** Fills {@code queue} with {@code n} tasks, runs {@code worker} until all are acked, and stops it. */
    static Result run(Broker broker, String queue, int n, WorkerTarget worker, long timeoutMillis) throws Exception {
        return run(broker, queue, n, worker, timeoutMillis, () -> -1);
    }

    /** As above; {@code serverCpu} gives redis-server's CPU time in nanoseconds, or -1 when unknown. */
    static Result run(Broker broker, String queue, int n, WorkerTarget worker, long timeoutMillis,
                      java.util.function.LongSupplier serverCpu) throws Exception {
        TaskQueue q = broker.queue(queue);
        for (int done = 0; done < n; done += 1000) {
            q.enqueueAll(Tasks.plain(Math.min(1000, n - done)));
        }
        long base = broker.inspector().stats(queue).processed();
        try (worker) {
            long t0 = System.nanoTime();
            worker.start();
            long tFirst = 0;
            long cpuFirst = 0;
            long doneAtFirst = 0;
            long polls = 0;
            long serverFirst = -1;
            long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (true) {
                QueueStats s = broker.inspector().stats(queue);
                polls++;
                long done = s.processed() - base;
                long now = System.nanoTime();
                if (done > 0 && tFirst == 0) {
                    tFirst = now;
                    cpuFirst = worker.cpuNanos();
                    serverFirst = serverCpu.getAsLong();
                    doneAtFirst = done;
                }
                if (done >= n) {
                    long cpuLast = worker.cpuNanos();
                    long serverLast = serverCpu.getAsLong();
                    long[] heap = worker.heapBytes();
                    long warmTasks = n - doneAtFirst;
                    double warmSeconds = (now - tFirst) / 1e9;
                    return new Result(n, n / ((now - t0) / 1e9),
                            warmTasks > 0 && warmSeconds > 0 ? warmTasks / warmSeconds : Double.NaN,
                            (tFirst - t0) / 1e6,
                            warmTasks > 0 && cpuFirst >= 0 && cpuLast >= 0 ? (cpuLast - cpuFirst) / 1e3 / warmTasks
                                    : Double.NaN, // -1: the worker's /proc/<pid>/stat could not be read
                            heap[0], heap[1], polls, serverFirst < 0 || serverLast < 0 || warmTasks <= 0 ? Double.NaN
                                    : (serverLast - serverFirst) / 1e3 / warmTasks);
                }
                if (now > deadline) {
                    throw new IllegalStateException("drain of " + n + " tasks on queue '" + queue + "' did not finish in "
                            + timeoutMillis + " ms: " + done + " processed, stats " + s);
                }
                Thread.sleep(POLL_MS);
            }
        }
    }
}

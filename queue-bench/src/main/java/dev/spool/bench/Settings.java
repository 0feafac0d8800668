package dev.spool.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * What one run measures and how big.
 *
 * @param redisUrl           the Redis to use; null starts one from the embedded-redis binary
 * @param backends           backends to measure, in order
 * @param sections           sections to run: enqueue, drain, steady, memory
 * @param repetitions        repetitions of every figure (the median is reported, with min and max)
 * @param enqueueOneTasks    tasks for one-at-a-time enqueue
 * @param enqueueBatchTasks  tasks for enqueueAll in batches
 * @param batchSizes         enqueueAll batch sizes (1 means one-at-a-time enqueue)
 * @param drainTasks         tasks per drain
 * @param concurrencies      worker concurrencies of the drain
 * @param steadyRate         the fixed steady-state rate (tasks/s); the other is half of the measured drain
 * @param steadySeconds      length of each steady-state measurement
 * @param warmupSeconds      unmeasured warm-up before each steady-state measurement
 * @param steadyConcurrency  worker concurrency in the steady state (and whose drain sets the second rate)
 * @param memoryTasks        tasks held in Redis to measure bytes/task
 * @param outDir             where the JSON and the worker logs go
 * @param spoolJar           worker-runtime's spool.jar to run the worker from; null runs the same CLI from the bench JAR
 * @param workerJvmOptions   JVM options of worker processes
 * @param quick              true for the small validation run
 * @param eventsOff          true to run the drains on queues without an event log
 * @param otel               true to run each drain again with the OpenTelemetry SDK present ({@link TracedDrain})
 * @param dashboard          true to run each drain again with dashboard pages open on it ({@link WatchedDrain})
 */
record Settings(String redisUrl, List<String> backends, List<String> sections, int repetitions, int enqueueOneTasks,
                int enqueueBatchTasks, List<Integer> batchSizes, int drainTasks, List<Integer> concurrencies,
                double steadyRate, double steadySeconds, double warmupSeconds, int steadyConcurrency, int memoryTasks,
                Path outDir, Path spoolJar, List<String> workerJvmOptions, boolean quick, boolean eventsOff,
                boolean otel, boolean dashboard) {

    boolean runs(String section) {
        return sections.contains(section);
    }
}

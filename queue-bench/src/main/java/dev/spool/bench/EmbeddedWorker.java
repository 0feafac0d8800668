package dev.spool.bench;

import dev.spool.api.Broker;
import dev.spool.bench.handler.NoopHandler;
import dev.spool.worker.Worker;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;

/**
 * A {@link Worker} embedded in this JVM, for the inmemory backend (whose store lives in the
 * process that opened it): the same runtime as the worker process, configured alike, with the
 * handler registered directly. CPU and heap figures are of this whole process.
 */
final class EmbeddedWorker implements WorkerTarget {
    private final Broker broker;
    private final String queue;
    private final int concurrency;
    private Worker worker;

    EmbeddedWorker(Broker broker, String queue, int concurrency) {
        this.broker = broker;
        this.queue = queue;
        this.concurrency = concurrency;
    }

    @Override
    public void start() {
        worker = Worker.builder(broker).queues(queue).concurrency(concurrency).handler(new NoopHandler())
                .discoverHandlers(false).grace(Duration.ofSeconds(5)).build();
        worker.start();
    }

    @Override
    public long cpuNanos() {
        return ProcStat.cpuNanos(ProcessHandle.current().pid());
    }

    @Override
    public long[] heapBytes() {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long before = mem.getHeapMemoryUsage().getUsed();
        System.gc();
        return new long[] {before, mem.getHeapMemoryUsage().getUsed()};
    }

    @Override
    public long[] gc() {
        long count = 0;
        long millis = 0;
        for (var bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, bean.getCollectionCount());
            millis += Math.max(0, bean.getCollectionTime());
        }
        return new long[] {count, millis * 1000};
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
    }
}

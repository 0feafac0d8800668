package dev.spool.bench;

/** The worker under measurement: a separate worker process, or an embedded {@code Worker} for inmemory. */
interface WorkerTarget extends AutoCloseable {

    /** Starts the worker; returns once it was launched (not necessarily fetching yet). */
    void start() throws Exception;

    /** CPU time (user + system) of the process running the worker, in nanoseconds. */
    long cpuNanos();

    /** Heap in use now: {before a full GC, after it}, in bytes; -1 where unknown. */
    long[] heapBytes();

    /** Garbage collections so far: {count, total pause time in microseconds}; {-1, -1} when unknown. */
    long[] gc();

    /** Stops the worker (gracefully: it hands back what it holds). */
    @Override
    void close();
}

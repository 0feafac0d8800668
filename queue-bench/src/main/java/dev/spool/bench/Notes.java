package dev.spool.bench;

/** How each figure was measured, printed under the table and stored in the JSON. */
final class Notes {
    private Notes() {
    }

    static void add(Report report) {
        report.note("Every figure is the median of its repetitions, with min and max; a ratio is Spool / ceiling per "
                + "repetition, the ceiling measured just before the Spool figure, on the same Redis.");
        report.note("enqueue: one client thread in the bench JVM; tasks/s of TaskQueue.enqueue one at a time, and of "
                + "enqueueAll in batches, after an untimed warm-up of 2,000 + 2 batches on another queue (JIT, connections). Ceiling: raw Jedis, one connection: RPUSH (one variadic command per batch) for "
                + "redis-list, pipelined XADD (one round trip per batch) for redis-stream. Payload: " + Tasks.PAYLOAD_BYTES
                + " bytes of JSON.");
        report.note("drain: the tasks are enqueued first (not timed), then one worker process (spool worker, "
                + "--concurrency c, no-op handler from a handlers JAR) is launched; the bench polls the queue's stats every "
                + DrainRun.POLL_MS + " ms. 'start->last ack' runs from the process launch (JVM start-up included) to the "
                + "poll that sees every task processed; 'warm' from the first poll that sees a processed task. Ceiling: "
                + "raw Jedis fetch-and-ack loop at the worker's fetch batch (min(c, 100)): a pipeline of LMOVE ready->"
                + "processing then a pipeline of LREM for lists; XREADGROUP COUNT b then XACK+XDEL in one pipeline for "
                + "streams; two round trips per batch. inmemory: the worker is embedded in a child JVM that enqueued the "
                + "tasks itself (no ceiling).");
        report.note("port loop: the same drain through the TaskQueue port alone, one thread in the bench JVM calling "
                + "fetch(b) then ackAll(batch), no worker runtime: the backend used as the ceiling uses Redis. Its gap to "
                + "the ceiling is the backend's; the worker's gap to it is the runtime's.");
        report.note("calls per task: INFO commandstats deltas over the drain, less the bench's own stats polls "
                + "(calibrated just before), divided by the tasks; EVAL/EVALSHA calls are client round trips (plus "
                + "pipelining, if any), the second figure also counts the commands Lua scripts ran. In the steady state the figure covers every client "
                + "(the producer's enqueue is one call per task, the bench's stats polls a few per second).");
        report.note("redis-server CPU per task (when the bench started Redis): utime+stime of redis-server over the "
                + "timed part, per task (10 ms ticks, so coarse for fast runs); for the worker's drain over its warm part, "
                + "the bench's 5 ms stats polls included. The ratio is Spool's server work over the ceiling's.");
        report.note("worker CPU: utime+stime of the worker process from /proc/<pid>/stat (10 ms ticks) over the warm "
                + "part of the drain, per task. Worker heap: jcmd GC.heap_info at the last ack, then after jcmd GC.run "
                + "(inmemory: MemoryMXBean before/after System.gc()).");
        report.note("steady: a worker process at --steady-concurrency runs while producer threads in the bench call "
                + "enqueue one task at a time on a fixed schedule (up to 4 threads); first a warm-up at the same rate "
                + "(not counted). Latency = handler start - send time, where the producer stamps the task with its "
                + "clock in microseconds (header bench.sent) just before enqueue; the handler stores the difference in a "
                + "preallocated array that a background thread writes to a file (no I/O on the handler's thread). "
                + "Task.createdAt is not used: it is stored in whole milliseconds. The second rate is half of the "
                + "measured warm drain at the same concurrency. inmemory: producer and worker share a child JVM, so its "
                + "CPU includes the producer.");
        report.note("worker GCs: jstat -gc of the worker process (YGC+FGC, GCT) at the start and end of the measured "
                + "steady state (inmemory: GarbageCollectorMXBeans of the child JVM); every task that arrives during a "
                + "pause waits for it, so this is what the latency tail should be read against.");
        report.note("memory: Redis INFO used_memory before and after enqueueAll of the tasks into an empty queue, per "
                + "task; ceiling: the same payloads RPUSHed into one list / XADDed into one stream. inmemory: JVM heap "
                + "after System.gc() in the bench JVM.");
    }
}

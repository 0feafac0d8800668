package dev.spool.api;

import java.time.Instant;
import java.util.List;

/**
 * What a running worker says about itself in its heartbeat.
 *
 * @param id            unique per worker process
 * @param host          the host name
 * @param pid           the process id
 * @param queues        the queues it serves
 * @param concurrency   how many handlers it runs at once at most
 * @param inFlight      how many tasks it holds now
 * @param startedAt     when it started
 * @param lastHeartbeat when it last said it was alive
 */
public record WorkerInfo(String id, String host, long pid, List<String> queues, int concurrency, int inFlight,
                         Instant startedAt, Instant lastHeartbeat) {

    /** Copies the queue list. */
    public WorkerInfo {
        queues = List.copyOf(queues);
    }
}

package dev.spool.worker;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a {@link Worker} has done so far, at one moment.
 *
 * @param id           the worker's id, as registered in {@link dev.spool.api.WorkerRegistry}
 * @param queues       the queues it serves, in fetch order
 * @param handledTypes the task types it has handlers for
 * @param startedAt    when it started, or null before {@link Worker#start()}
 * @param running      true between {@link Worker#start()} and {@link Worker#close()}
 * @param held         deliveries it holds now: running or fetched and waiting for a thread
 * @param started      handler runs started
 * @param succeeded    tasks acknowledged
 * @param retried      attempts that failed with another attempt scheduled
 * @param deadLettered tasks dead-lettered by this worker
 * @param released     deliveries handed back unfinished at shutdown or after a lost lease
 * @param cancelled    attempts stopped because their task was cancelled while running
 */
public record WorkerSnapshot(String id, List<String> queues, Set<String> handledTypes, Instant startedAt,
                             boolean running, int held, long started, long succeeded, long retried,
                             long deadLettered, long released, long cancelled) {

    /** Copies the collections. */
    public WorkerSnapshot {
        queues = List.copyOf(queues);
        handledTypes = Set.copyOf(handledTypes);
    }
}

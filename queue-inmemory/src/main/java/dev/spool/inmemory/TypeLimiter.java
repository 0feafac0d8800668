package dev.spool.inmemory;

import dev.spool.api.TypeLimit;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The limits on single task types of one queue ({@link dev.spool.api.QueueSettings#typeLimits()}),
 * as the Redis scripts keep them: a sliding window of start times per rate-limited type, and the
 * tasks in flight counted by type. Guarded by the queue's lock.
 */
final class TypeLimiter {
    /** How many ready tasks past those held back one fetch looks at (as the Redis adapters). */
    static final int LOOKAHEAD = 200;

    private Map<String, TypeLimit> limits = Map.of();
    private final Map<String, ArrayDeque<Long>> startedAt = new HashMap<>();

    Map<String, TypeLimit> limits() {
        return limits;
    }

    void limits(Map<String, TypeLimit> l) {
        limits = l;
        startedAt.keySet().retainAll(l.keySet());
    }

    boolean isEmpty() {
        return limits.isEmpty();
    }

    /** The room each limited type has now, for one fetch to count down; {@code inFlight} are the leased entries. */
    Map<String, Integer> room(long now, Collection<QueueState.Entry> inFlight) {
        Map<String, Integer> busy = new HashMap<>();
        for (QueueState.Entry e : inFlight) {
            if (e.type != null && limits.containsKey(e.type)) {
                busy.merge(e.type, 1, Integer::sum);
            }
        }
        Map<String, Integer> room = new HashMap<>();
        limits.forEach((type, l) -> {
            int r = Integer.MAX_VALUE;
            if (l.concurrency() > 0) {
                r = Math.max(0, l.concurrency() - busy.getOrDefault(type, 0));
            }
            if (l.rate() != null) {
                ArrayDeque<Long> w = startedAt.computeIfAbsent(type, t -> new ArrayDeque<>());
                while (!w.isEmpty() && w.peekFirst() <= now - l.rate().period().toMillis()) {
                    w.pollFirst();
                }
                r = Math.min(r, Math.max(0, l.rate().count() - w.size()));
            }
            room.put(type, r);
        });
        return room;
    }

    /** Records that a task of {@code type} started at {@code now}. */
    void started(String type, long now) {
        TypeLimit l = limits.get(type);
        if (l != null && l.rate() != null) {
            startedAt.computeIfAbsent(type, t -> new ArrayDeque<>()).addLast(now);
        }
    }
}

package dev.spool.inmemory;

import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.QueueEvent;
import dev.spool.api.RetryResult;
import dev.spool.api.Task;
import dev.spool.api.TaskDecodeException;
import dev.spool.api.TaskProgress;
import dev.spool.api.TaskQueue;
import dev.spool.api.TaskState;
import dev.spool.api.spi.TaskCodec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The work path of one in-memory queue. Every operation takes the queue's lock once, so each is
 * atomic as the Redis scripts are; a fetch with a wait parks on the queue's condition instead of
 * polling.
 */
final class InMemoryQueue implements TaskQueue {
    /** How often a waiting fetch looks at the clock for due delayed tasks and expired leases. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final QueueState q;
    private final Clock clock;
    private final String holder;
    private final Duration defaultLease;
    private final InMemoryBroker.Limits limits;

    InMemoryQueue(QueueState q, Clock clock, Duration defaultLease, InMemoryBroker.Limits limits, String holder) {
        this.holder = holder;
        this.q = q;
        this.clock = clock;
        this.defaultLease = defaultLease;
        this.limits = limits;
    }

    @Override
    public String name() {
        return q.name;
    }

    @Override
    public EnqueueResult enqueue(Task task) {
        q.lock.lock();
        try {
            return add(task, clock.millis());
        } finally {
            q.lock.unlock();
        }
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<Task> tasks) {
        List<EnqueueResult> results = new ArrayList<>(tasks.size());
        q.lock.lock();
        try {
            long now = clock.millis();
            for (Task t : tasks) {
                results.add(add(t, now));
            }
        } finally {
            q.lock.unlock();
        }
        return results;
    }

    private EnqueueResult add(Task task, long now) {
        Task t = task.stamped(Instant.ofEpochMilli(now)).withAttempt(0);
        if (q.entries.containsKey(t.id())) {
            return EnqueueResult.duplicate(t.id(), t.id()); // an id already stored is not stored twice
        }
        if (t.uniqueKey() != null) {
            QueueState.UniqueLock lock = q.unique.get(t.uniqueKey());
            if (lock != null && lock.expiresAt() > now) {
                return EnqueueResult.duplicate(t.id(), lock.taskId());
            }
            long window = (t.uniqueFor() != null ? t.uniqueFor() : Task.DEFAULT_UNIQUE_FOR).toMillis();
            q.unique.put(t.uniqueKey(), new QueueState.UniqueLock(t.id(), now + window, t.uniqueFor() == null));
        }
        QueueState.Entry e = new QueueState.Entry(t.id(), TaskCodec.encode(t), t.priority());
        q.entries.put(t.id(), e);
        q.used = true;
        if (t.runAt() != null && t.runAt().toEpochMilli() > now) {
            q.delay(e, t.runAt().toEpochMilli());
            q.log.add(QueueEvent.Kind.ENQUEUED, t.id(), now, 0, null, t.runAt().toEpochMilli(), null);
        } else {
            q.makeReady(e, false, now);
            q.changed.signal();
            q.log.add(QueueEvent.Kind.ENQUEUED, t.id(), now, 0, null, 0, null);
        }
        return EnqueueResult.accepted(t.id());
    }

    @Override
    public List<Delivery> fetch(int max, Duration wait) {
        return fetch(max, wait, defaultLease);
    }

    @Override
    public List<Delivery> fetch(int max, Duration wait, Duration lease) {
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        List<Delivery> out = new ArrayList<>(Math.min(max, 64));
        q.lock.lock();
        try {
            while (true) {
                if (!q.paused) {
                    long now = clock.millis();
                    q.reapExpired(now, limits.deadMaxCount(), limits.deadMaxAgeMs());
                    q.promoteDue(now);
                    take(q.room(max, now), now, lease.toMillis(), out);
                    if (!out.isEmpty()) {
                        return out;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return out;
                }
                q.changed.awaitNanos(Math.min(left, RECHECK_NANOS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return out;
        } finally {
            q.lock.unlock();
        }
    }

    /**
     * Leases up to max ready tasks, by priority. A task whose type is at its limit (TypeLimiter) stays
     * in its place, and up to {@link TypeLimiter#LOOKAHEAD} such tasks are looked past.
     */
    private void take(int max, long now, long leaseMs, List<Delivery> out) {
        Map<String, Integer> typeRoom = q.types.isEmpty() ? null : q.types.room(now, q.inFlight.values());
        int held = 0;
        for (int p = Task.MAX_PRIORITY; p >= Task.MIN_PRIORITY && out.size() < max; p--) {
            Iterator<String> ready = q.ready[p].iterator();
            while (out.size() < max && ready.hasNext()) {
                QueueState.Entry e = q.entries.get(ready.next());
                if (e == null) {
                    ready.remove();
                    continue;
                }
                Task task;
                try {
                    task = TaskCodec.decode(e.raw);
                } catch (TaskDecodeException bad) {
                    ready.remove();
                    e.attempt++;
                    q.bury(e, null, bad.getMessage(), now, limits.deadMaxCount(), limits.deadMaxAgeMs());
                    continue;
                }
                if (task.expiredAt(Instant.ofEpochMilli(now))) {
                    ready.remove();
                    q.expire(e, task, now, limits.deadMaxCount(), limits.deadMaxAgeMs());
                    continue;
                }
                Integer room = typeRoom == null ? null : typeRoom.get(task.type());
                if (room != null && room == 0) {
                    if (++held >= TypeLimiter.LOOKAHEAD) {
                        return;
                    }
                    continue;
                }
                if (room != null) {
                    typeRoom.put(task.type(), room - 1);
                }
                ready.remove();
                e.type = task.type();
                q.types.started(e.type, now);
                e.attempt++;
                e.token = UUID.randomUUID().toString();
                e.deadline = now + leaseMs;
                e.startedAt = now;
                e.holder = holder;
                q.inFlight.put(e.id, e);
                q.leases.add(new QueueState.Timed(e.deadline, q.nextSeq(), e.id, e.token));
                out.add(new Delivery(q.name, task.withAttempt(e.attempt), e.token, Instant.ofEpochMilli(e.deadline)));
                if (q.rate != null) {
                    q.leasedAt.addLast(now);
                }
                q.log.add(QueueEvent.Kind.STARTED, e.id, now, e.attempt, null, 0, null);
            }
        }
    }

    /**
     * The entry the delivery leases, or null when the lease is no longer held: the token must
     * match. A lease past its deadline still holds until a fetch reaps it, as on Redis.
     * Caller holds the lock.
     */
    private QueueState.Entry held(Delivery d) {
        QueueState.Entry e = q.inFlight.get(d.id());
        return e != null && d.leaseToken().equals(e.token) ? e : null;
    }

    @Override
    public boolean ack(Delivery d, String result) {
        q.lock.lock();
        try {
            QueueState.Entry e = held(d);
            if (e == null) {
                return false;
            }
            q.inFlight.remove(e.id);
            q.entries.remove(e.id);
            long now = clock.millis();
            q.count(now, 1, 0);
            q.releaseUnique(d.task(), false);
            Duration keep = q.retentionOf(d.task());
            if (keep != null) {
                q.keepFinished(e, TaskState.SUCCEEDED, result, now, keep.toMillis());
            }
            q.log.add(QueueEvent.Kind.SUCCEEDED, e.id, now, e.attempt, null, 0, null);
            return true;
        } finally {
            q.lock.unlock();
        }
    }

    @Override
    public RetryResult retry(Delivery d, Duration delay, String error) {
        q.lock.lock();
        try {
            QueueState.Entry e = held(d);
            if (e == null) {
                return RetryResult.LEASE_LOST;
            }
            long now = clock.millis();
            q.count(now, 1, 1);
            if (e.cancelRequested) {
                q.endCancelled(e, now);
                return RetryResult.CANCELLED;
            }
            q.inFlight.remove(e.id);
            e.token = null;
            if (e.attempt >= d.task().maxAttempts()) {
                q.bury(e, d.task(), error, now, limits.deadMaxCount(), limits.deadMaxAgeMs());
                return RetryResult.DEAD_LETTERED;
            }
            e.lastError = error;
            long at = now + Math.max(0, delay.toMillis());
            if (at > now) {
                q.delay(e, at);
            } else {
                q.makeReady(e, false, now);
                q.changed.signal();
            }
            q.log.add(QueueEvent.Kind.RETRIED, e.id, now, e.attempt, null, at, error);
            return RetryResult.SCHEDULED;
        } finally {
            q.lock.unlock();
        }
    }

    @Override
    public boolean fail(Delivery d, String error) {
        q.lock.lock();
        try {
            QueueState.Entry e = held(d);
            if (e == null) {
                return false;
            }
            q.count(clock.millis(), 1, 1);
            if (e.cancelRequested) {
                q.endCancelled(e, clock.millis());
                return true;
            }
            q.bury(e, d.task(), error, clock.millis(), limits.deadMaxCount(), limits.deadMaxAgeMs());
            return true;
        } finally {
            q.lock.unlock();
        }
    }

    @Override
    public boolean renew(Delivery d, Duration leaseFor) {
        q.lock.lock();
        try {
            QueueState.Entry e = held(d);
            if (e == null) {
                return false;
            }
            e.deadline = clock.millis() + leaseFor.toMillis();
            q.leases.add(new QueueState.Timed(e.deadline, q.nextSeq(), e.id, e.token));
            return true;
        } finally {
            q.lock.unlock();
        }
    }

    @Override
    public List<Delivery> renewAll(Collection<Delivery> deliveries, Duration leaseFor) {
        List<Delivery> renewed = new ArrayList<>(deliveries.size());
        q.lock.lock();
        try {
            long deadline = clock.millis() + leaseFor.toMillis();
            for (Delivery d : deliveries) {
                QueueState.Entry e = held(d);
                if (e != null) {
                    e.deadline = deadline;
                    q.leases.add(new QueueState.Timed(deadline, q.nextSeq(), e.id, e.token));
                    renewed.add(d.withLeaseDeadline(Instant.ofEpochMilli(deadline)));
                }
            }
        } finally {
            q.lock.unlock();
        }
        return renewed;
    }

    @Override
    public boolean progress(Delivery d, int percent, String detail) {
        q.lock.lock();
        try {
            QueueState.Entry e = held(d);
            if (e == null) {
                return false;
            }
            long now = clock.millis();
            e.progress = new TaskProgress(percent, detail, Instant.ofEpochMilli(now));
            q.log.add(QueueEvent.Kind.PROGRESS, e.id, now, e.attempt, percent, 0, null);
            return true;
        } finally {
            q.lock.unlock();
        }
    }

    @Override
    public Set<String> cancelRequests(Collection<Delivery> deliveries) {
        q.lock.lock();
        try {
            Set<String> ids = new HashSet<>();
            for (Delivery d : deliveries) {
                QueueState.Entry e = held(d);
                if (e != null && e.cancelRequested) {
                    ids.add(e.id);
                }
            }
            return ids;
        } finally {
            q.lock.unlock();
        }
    }

    @Override
    public boolean release(Delivery d, Duration delay) {
        q.lock.lock();
        try {
            QueueState.Entry e = held(d);
            if (e == null) {
                return false;
            }
            if (e.cancelRequested) { // handed back unstarted after a cancel: it never runs
                q.count(clock.millis(), 1, 1);
                q.endCancelled(e, clock.millis());
                return true;
            }
            q.inFlight.remove(e.id);
            e.token = null;
            e.attempt = Math.max(0, e.attempt - 1);
            long now = clock.millis();
            if (delay.isZero()) {
                q.makeReady(e, true, now);
            } else {
                q.delay(e, now + delay.toMillis());
            }
            q.changed.signal();
            q.log.add(QueueEvent.Kind.RELEASED, e.id, now, e.attempt, null, delay.isZero() ? 0 : now + delay.toMillis(), null);
            return true;
        } finally {
            q.lock.unlock();
        }
    }
}

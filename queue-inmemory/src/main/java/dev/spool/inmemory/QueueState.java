package dev.spool.inmemory;

import dev.spool.api.DeadLetter;
import dev.spool.api.DeleteResult;
import dev.spool.api.QueueEvent;
import dev.spool.api.QueueStats;
import dev.spool.api.RateLimit;
import dev.spool.api.Task;
import dev.spool.api.TaskDecodeException;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskState;
import dev.spool.api.spi.TaskCodec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Everything one queue holds, guarded by {@link #lock}, which callers hold (no method here takes it). Mirrors the
 * Redis layout so the semantics match: a task is always in exactly one of ready, delayed,
 * in flight or dead; bodies are kept in their stored (encoded) form and decoded at delivery, so
 * undecodable data meets the same path as on Redis.
 */
final class QueueState {

    /** One stored task: its encoded body, delivery count and current lease. */
    static final class Entry {
        final String id;
        String raw;
        int attempt;
        String token;
        long deadline;
        int priority;
        /** When it becomes ready while it waits in {@link #delayed}; 0 otherwise. */
        long runAt;
        /** When it last became ready (enqueued, due, handed back): what the queue's latency counts from. */
        long readyAt;
        /** The error of its last failed attempt; null when none failed. */
        String lastError;
        /** Cancelled while it ran: every way its attempt ends makes it cancelled. */
        boolean cancelRequested;
        /** What its handler last reported; null when nothing was. */
        dev.spool.api.TaskProgress progress;
        /** When its current attempt began, the broker holding it, and its type; while in flight. */
        long startedAt;
        String holder;
        String type;

        Entry(String id, String raw, int priority) {
            this.id = id;
            this.raw = raw;
            this.priority = priority;
        }
    }

    /** An id waiting until {@code at}; {@code seq} keeps FIFO among equal times. */
    record Timed(long at, long seq, String id, String token) implements Comparable<Timed> {
        @Override
        public int compareTo(Timed o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** A task kept after it succeeded or was cancelled, until {@code expiresAt} (its retention). */
    record Finished(TaskState state, String raw, int attempts, long finishedAt, String result, long expiresAt) {
    }

    /** A unique-key lock: held by {@code taskId} until {@code expiresAt}; freed at finish when {@code untilFinish}. */
    record UniqueLock(String taskId, long expiresAt, boolean untilFinish) {
    }

    final String name;
    final ReentrantLock lock = new ReentrantLock();
    /** Signalled when tasks become ready, so blocked fetches wake. */
    final Condition changed = lock.newCondition();
    /** The queue's event log, and its settings' other half: the retention of tasks that set none. */
    final EventLog log;
    Duration retention;
    /** The limits of the queue's settings: a rate (null for none) and a concurrency (0 for none). */
    RateLimit rate;
    int concurrency;
    /** When each task leased in the rate limit's last period was leased (clock ms), oldest first. */
    final ArrayDeque<Long> leasedAt = new ArrayDeque<>();
    /** The limits of single task types. */
    final TypeLimiter types = new TypeLimiter();
    final Map<String, Entry> entries = new HashMap<>();
    @SuppressWarnings("unchecked")
    final ArrayDeque<String>[] ready = new ArrayDeque[Task.MAX_PRIORITY + 1];
    final PriorityQueue<Timed> delayed = new PriorityQueue<>();
    final Map<String, Entry> inFlight = new HashMap<>();
    final PriorityQueue<Timed> leases = new PriorityQueue<>();
    final LinkedHashMap<String, DeadLetter> dead = new LinkedHashMap<>();
    final Map<String, UniqueLock> unique = new HashMap<>();
    /** Succeeded tasks with a retention, by id. */
    final Map<String, Finished> finished = new HashMap<>();
    /** When each of {@link #finished} expires: trimmed whenever a task is kept. */
    final PriorityQueue<Timed> finishedExpiry = new PriorityQueue<>();
    long processed;
    long failed;
    /** The processed and failed counts by minute and by hour, written with the totals ({@link #count}). */
    final History history = new History();
    long deadDropped;
    /** Tasks a fetch found past their deadline (dead-lettered or dropped). */
    long expired;
    boolean paused;
    /** True once a task was enqueued: the inspector lists only such queues. */
    boolean used;
    private long seq;
    private int garbage;

    QueueState(String name) {
        this.name = name;
        this.log = new EventLog(name, lock.newCondition());
        for (int i = 0; i < ready.length; i++) {
            ready[i] = new ArrayDeque<>();
        }
    }

    long nextSeq() {
        return seq++;
    }

    String garbageId() {
        return "undecodable-" + (++garbage);
    }

    /** Puts {@code e} at the back (or the front) of its priority's ready tasks, ready since {@code since}. */
    void makeReady(Entry e, boolean front, long since) {
        e.runAt = 0;
        e.readyAt = since;
        if (front) {
            ready[e.priority].addFirst(e.id);
        } else {
            ready[e.priority].addLast(e.id);
        }
    }

    /** Puts {@code e} in {@link #delayed} until {@code at}. */
    void delay(Entry e, long at) {
        e.runAt = at;
        delayed.add(new Timed(at, nextSeq(), e.id, null));
    }

    /** Moves due delayed tasks to ready, in runAt order. */
    void promoteDue(long now) {
        while (!delayed.isEmpty() && delayed.peek().at() <= now) {
            Timed due = delayed.poll();
            Entry e = entries.get(due.id());
            if (e != null) {
                makeReady(e, false, due.at()); // ready since its runAt came, not since this fetch saw it
            }
        }
    }

    /** Returns expired leases to ready, or dead-letters them on their last attempt. */
    void reapExpired(long now, int deadMaxCount, long deadMaxAgeMs) {
        int reaped = 0;
        while (!leases.isEmpty() && leases.peek().at() <= now) {
            Timed t = leases.poll();
            Entry e = inFlight.get(t.id());
            if (e == null || !e.token.equals(t.token()) || e.deadline > now) {
                continue; // settled or renewed since: a stale heap entry
            }
            reaped++;
            if (e.cancelRequested) {
                endCancelled(e, now);
                continue;
            }
            inFlight.remove(e.id);
            e.token = null;
            Task task = decodeOrNull(e.raw);
            if (task != null && e.attempt >= task.maxAttempts()) {
                bury(e, task, "lease expired after attempt " + e.attempt + " of " + task.maxAttempts()
                        + " (the worker died or did not renew)", now, deadMaxCount, deadMaxAgeMs);
            } else {
                makeReady(e, true, now);
                log.add(QueueEvent.Kind.RETRIED, e.id, now, e.attempt, null, now, "lease expired");
            }
        }
        if (reaped > 0) {
            count(now, reaped, reaped);
        }
    }

    /**
     * Counts {@code p} deliveries settled at {@code now}, {@code f} of them not succeeded: the totals and the
     * history together, once per operation (as each Redis script writes both once per call).
     */
    void count(long now, long p, long f) {
        processed += p;
        failed += f;
        history.add(now, p, f);
    }

    /**
     * Ends {@code e} (scheduled, ready or in flight) as cancelled: it leaves every structure, its unique
     * key is freed (unless held for a window), and with a retention it is kept as cancelled.
     */
    void endCancelled(Entry e, long now) {
        entries.remove(e.id);
        if (inFlight.remove(e.id) == null) {
            if (e.runAt > 0) {
                delayed.removeIf(t -> t.id().equals(e.id));
            } else {
                ready[e.priority].remove(e.id);
            }
        }
        Task task = decodeOrNull(e.raw);
        if (task != null) {
            releaseUnique(task, false);
            Duration keep = retentionOf(task);
            if (keep != null) {
                keepFinished(e, TaskState.CANCELLED, null, now, keep.toMillis());
            }
        }
        log.add(QueueEvent.Kind.CANCELLED, e.id, now, e.attempt, null, 0, null);
    }

    /**
     * Deletes task {@code id} with everything it owns ({@link dev.spool.api.QueueInspector#delete}): a scheduled
     * or ready task, a dead letter or a finished record, freeing its unique key if it still holds it (a window
     * too). A running task is left alone.
     */
    DeleteResult delete(String id, long now) {
        Entry e = entries.get(id);
        if (e != null) {
            if (inFlight.get(id) == e) {
                return DeleteResult.RUNNING;
            }
            entries.remove(id);
            if (e.runAt > 0) {
                delayed.removeIf(t -> t.id().equals(id));
            } else if (!ready[e.priority].remove(id)) {
                for (ArrayDeque<String> r : ready) {
                    r.remove(id);
                }
            }
            Task task = decodeOrNull(e.raw);
            if (task != null) {
                releaseUnique(task, true);
            }
            return DeleteResult.DELETED;
        }
        DeadLetter d = dead.remove(id);
        if (d != null) {
            if (d.task() != null) {
                releaseUnique(d.task(), true);
            }
            return DeleteResult.DELETED;
        }
        Finished f = finished.remove(id);
        if (f == null || f.expiresAt() <= now) {
            return DeleteResult.NOT_FOUND;
        }
        Task task = decodeOrNull(f.raw());
        if (task != null) {
            releaseUnique(task, true);
        }
        return DeleteResult.DELETED;
    }

    /**
     * Ends {@code e}, taken from its ready list and found past its deadline: a dead letter "expired", or
     * gone when the task asks to be dropped. Never delivered; its attempts so far stay as they were.
     */
    void expire(Entry e, Task task, long now, int deadMaxCount, long deadMaxAgeMs) {
        expired++;
        if (!task.dropExpired()) {
            // the text the Redis scripts write too (expire() in queue.lua and common.lua)
            bury(e, task, "expired: not started before its deadline (expiresAt " + task.expiresAt().toEpochMilli()
                    + " ms since the epoch)", now, deadMaxCount, deadMaxAgeMs);
            return;
        }
        entries.remove(e.id);
        releaseUnique(task, false);
        log.add(QueueEvent.Kind.EXPIRED, e.id, now, e.attempt, null, 0, null);
    }

    /**
     * The ids of the tasks in {@code state}, in the order {@link dev.spool.api.QueueInspector#tasks} lists
     * them: ready by priority then FIFO, scheduled by runAt, running by lease deadline, dead newest first.
     */
    Stream<String> ids(TaskState state) {
        return switch (state) {
            case READY -> IntStream.iterate(Task.MAX_PRIORITY, p -> p >= Task.MIN_PRIORITY, p -> p - 1)
                    .boxed().flatMap(p -> ready[p].stream());
            case SCHEDULED -> delayed.stream().filter(t -> entries.containsKey(t.id())).sorted().map(Timed::id);
            case RUNNING -> inFlight.values().stream()
                    .sorted(Comparator.comparingLong((Entry e) -> e.deadline).thenComparing(e -> e.id)).map(e -> e.id);
            case DEAD -> {
                List<String> newestFirst = new ArrayList<>(dead.keySet());
                Collections.reverse(newestFirst);
                yield newestFirst.stream();
            }
            default -> Stream.empty();
        };
    }

    /** How many tasks the queue's limits let a fetch lease now, of {@code max}. */
    int room(int max, long now) {
        int room = max;
        if (concurrency > 0) {
            room = Math.max(0, Math.min(room, concurrency - inFlight.size()));
        }
        if (rate != null) {
            while (!leasedAt.isEmpty() && leasedAt.peekFirst() <= now - rate.period().toMillis()) {
                leasedAt.pollFirst();
            }
            room = Math.max(0, Math.min(room, rate.count() - leasedAt.size()));
        } else {
            leasedAt.clear();
        }
        return room;
    }

    /** How long {@code task} is kept once finished: its own retention, else the queue's; null for not at all. */
    Duration retentionOf(Task task) {
        return task.retention() != null ? task.retention() : retention;
    }

    /** Moves an entry to the dead letters and frees its unique key; bounds the dead set. */
    void bury(Entry e, Task task, String error, long now, int deadMaxCount, long deadMaxAgeMs) {
        entries.remove(e.id);
        inFlight.remove(e.id);
        Task stored = task == null ? null : task.withAttempt(e.attempt);
        dead.remove(e.id);
        dead.put(e.id, new DeadLetter(name, e.id, stored, task == null ? e.raw : null, error, e.attempt,
                Instant.ofEpochMilli(now)));
        if (task != null) {
            releaseUnique(task, false);
        }
        trimDead(now, deadMaxCount, deadMaxAgeMs);
        log.add(QueueEvent.Kind.DEAD, e.id, now, e.attempt, null, 0, error);
    }

    void trimDead(long now, int maxCount, long maxAgeMs) {
        Iterator<DeadLetter> it = dead.values().iterator();
        while (it.hasNext()) {
            DeadLetter d = it.next();
            if (dead.size() > maxCount || d.failedAt().toEpochMilli() < now - maxAgeMs) {
                it.remove();
                deadDropped++;
            } else {
                break; // oldest first: the rest are newer
            }
        }
    }

    /** Frees the task's unique key if it holds it and the key is held only until finish. */
    void releaseUnique(Task task, boolean always) {
        if (task.uniqueKey() == null) {
            return;
        }
        UniqueLock lock = unique.get(task.uniqueKey());
        if (lock != null && lock.taskId().equals(task.id()) && (always || lock.untilFinish())) {
            unique.remove(task.uniqueKey());
        }
    }

    static Task decodeOrNull(String raw) {
        try {
            return TaskCodec.decode(raw);
        } catch (TaskDecodeException e) {
            return null;
        }
    }

    /** Keeps {@code e} as {@code state} with {@code result} for {@code retentionMs}; forgets the expired ones. */
    void keepFinished(Entry e, TaskState state, String result, long now, long retentionMs) {
        while (!finishedExpiry.isEmpty() && finishedExpiry.peek().at() <= now) {
            Timed t = finishedExpiry.poll();
            Finished f = finished.get(t.id());
            if (f != null && f.expiresAt() <= now) {
                finished.remove(t.id());
            }
        }
        finished.put(e.id, new Finished(state, e.raw, e.attempt, now, result, now + retentionMs));
        finishedExpiry.add(new Timed(now + retentionMs, nextSeq(), e.id, null));
    }

    /** The task {@code id} in whatever state it is, or null when this queue holds none. */
    TaskInfo info(String id, long now) {
        Entry e = entries.get(id);
        if (e != null) {
            boolean running = inFlight.get(id) == e;
            TaskState state = running ? TaskState.RUNNING : e.runAt > 0 ? TaskState.SCHEDULED : TaskState.READY;
            Task task = decodeOrNull(e.raw);
            return new TaskInfo(name, id, state, task == null ? null : task.withAttempt(e.attempt),
                    task == null ? e.raw : null, e.attempt, e.runAt > 0 ? Instant.ofEpochMilli(e.runAt) : null,
                    running ? Instant.ofEpochMilli(e.deadline) : null, e.lastError, null, null, e.progress,
                    running ? Instant.ofEpochMilli(e.startedAt) : null, running ? e.holder : null);
        }
        DeadLetter d = dead.get(id);
        if (d != null) {
            return new TaskInfo(name, id, TaskState.DEAD, d.task(), d.raw(), d.attempts(), null, null, d.error(),
                    d.failedAt(), null, null, null, null);
        }
        Finished f = finished.get(id);
        if (f == null || f.expiresAt() <= now) {
            return null;
        }
        Task task = decodeOrNull(f.raw());
        return new TaskInfo(name, id, f.state(), task == null ? null : task.withAttempt(f.attempts()),
                task == null ? f.raw() : null, f.attempts(), null, null, null, Instant.ofEpochMilli(f.finishedAt()),
                f.result(), null, null, null);
    }

    List<DeadLetter> deadNewestFirst() {
        List<DeadLetter> list = new ArrayList<>(dead.values());
        java.util.Collections.reverse(list);
        return list;
    }

    QueueStats stats(long now) {
        long r = 0;
        for (ArrayDeque<String> q : ready) {
            r += q.size();
        }
        return new QueueStats(name, r, delayed.size(), inFlight.size(), dead.size(), processed, failed, deadDropped, paused,
                expired, Duration.ofMillis(Math.max(0, now - readySince(now))));
    }

    /**
     * When the oldest ready task became ready, judged as the Redis backends judge it, without a scan: the
     * head of each priority's ready tasks, and the first delayed task if its runAt has come (a fetch moves
     * it). {@code now} when nothing is ready.
     */
    private long readySince(long now) {
        long since = now;
        for (ArrayDeque<String> q : ready) {
            Entry e = q.isEmpty() ? null : entries.get(q.peekFirst());
            if (e != null) {
                since = Math.min(since, e.readyAt);
            }
        }
        Timed next = delayed.peek();
        if (next != null && next.at() <= now && entries.containsKey(next.id())) {
            since = Math.min(since, next.at());
        }
        return since;
    }
}

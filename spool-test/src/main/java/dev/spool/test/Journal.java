package dev.spool.test;

import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.QueueInspector;
import dev.spool.api.Task;
import dev.spool.api.TaskInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a harness saw happen to every task that passed through its broker, in enqueue order: how
 * each was enqueued (or refused as a duplicate), each attempt and how it ended. The
 * {@link RecordingQueue}s write it as the calls return; what happened without passing through
 * them (an expiry, a purge, a cancel) is read from the backend by {@link #refresh}. Thread-safe: a
 * handler may enqueue from any thread.
 */
final class Journal {

    /** One task's record. Fields are guarded by the journal. */
    static final class Entry {
        final String queue;
        final String id;
        /** As stored: stamped, its times on the harness clock; from its first delivery when not seen enqueued. */
        final Task task;
        /** For a task refused as a duplicate, the id of the task that holds its unique key (null when unknown). */
        final String duplicateOf;
        int attempts;
        int retries;
        int postponements;
        final List<String> errors = new ArrayList<>();
        final List<String> history = new ArrayList<>();
        Outcome outcome;
        String deadReason;
        String result;
        /** The backend's view at the last {@link #refresh} while pending; null before one. */
        TaskInfo current;

        Entry(String queue, Task task, String duplicateOf, boolean refused) {
            this.queue = queue;
            this.id = task.id();
            this.task = task;
            this.duplicateOf = duplicateOf;
            this.outcome = refused ? Outcome.REFUSED : Outcome.PENDING;
        }
    }

    private final Map<String, Entry> accepted = new LinkedHashMap<>();
    private final List<Entry> refused = new ArrayList<>();
    private final QueueInspector inspector;

    Journal(QueueInspector inspector) {
        this.inspector = inspector;
    }

    private static String key(String queue, String id) {
        return queue + '\u0000' + id;
    }

    synchronized void enqueued(String queue, Task task, EnqueueResult r) {
        if (r.accepted()) {
            accepted.putIfAbsent(key(queue, task.id()), new Entry(queue, task, null, false));
        } else {
            refused.add(new Entry(queue, task, r.duplicateOf(), true));
        }
    }

    synchronized void started(Delivery d) {
        Entry e = accepted.computeIfAbsent(key(d.queue(), d.id()), k -> new Entry(d.queue(), d.task().withAttempt(0), null, false));
        e.attempts = d.attempt();
        e.outcome = Outcome.PENDING; // also a dead letter requeued and run again
        e.deadReason = null;
    }

    synchronized void succeeded(Delivery d, String result) {
        Entry e = entry(d);
        e.outcome = Outcome.SUCCEEDED;
        e.result = result;
        e.history.add("attempt " + d.attempt() + " succeeded");
    }

    synchronized void retried(Delivery d, Duration delay, String error) {
        Entry e = entry(d);
        e.retries++;
        e.errors.add(error);
        e.history.add("attempt " + d.attempt() + " failed, retry in " + Describe.duration(delay) + ": " + error);
    }

    synchronized void deadLettered(Delivery d, String reason) {
        Entry e = entry(d);
        e.outcome = Outcome.DEAD_LETTERED;
        e.deadReason = reason;
        e.errors.add(reason);
        e.history.add("attempt " + d.attempt() + " failed, dead-lettered: " + reason);
    }

    synchronized void cancelled(Delivery d, String error) {
        Entry e = entry(d);
        e.outcome = Outcome.CANCELLED;
        e.history.add("attempt " + d.attempt() + " cancelled: " + error);
    }

    synchronized void released(Delivery d, Duration delay) {
        Entry e = entry(d);
        e.postponements++;
        e.history.add("attempt " + d.attempt() + " handed back to run again" + (delay.isZero() ? " at once" : " in "
                + Describe.duration(delay)) + ", not counted as an attempt");
    }

    private Entry entry(Delivery d) {
        Entry e = accepted.get(key(d.queue(), d.id()));
        if (e == null) { // settled without a fetch through this broker: record it from the delivery
            started(d);
            e = accepted.get(key(d.queue(), d.id()));
        }
        return e;
    }

    /** The record of the task {@code id} just enqueued on {@code queue}: the accepted one, or the latest refused one. */
    synchronized Entry find(String queue, String id, boolean wasAccepted) {
        if (wasAccepted) {
            return accepted.get(key(queue, id));
        }
        for (int i = refused.size() - 1; i >= 0; i--) {
            Entry e = refused.get(i);
            if (e.queue.equals(queue) && e.id.equals(id)) {
                return e;
            }
        }
        throw new IllegalStateException("task " + id + " of queue '" + queue + "' was not recorded");
    }

    /** The accepted tasks that {@code filter} keeps, in enqueue order. */
    synchronized List<Entry> accepted(Predicate<Entry> filter) {
        return accepted.values().stream().filter(filter).toList();
    }

    /** The tasks refused as duplicates that {@code filter} keeps, in enqueue order. */
    synchronized List<Entry> refused(Predicate<Entry> filter) {
        return refused.stream().filter(filter).toList();
    }

    /**
     * Brings a pending entry up to date with the backend: what a handler run through the harness did is
     * recorded already; an expiry, a purge or a cancel is seen here. A refused entry is left as it is.
     */
    synchronized void refresh(Entry e) {
        if (e.outcome != Outcome.PENDING) {
            return;
        }
        Optional<TaskInfo> info = inspector.task(e.queue, e.id);
        if (info.isEmpty()) {
            e.outcome = Outcome.GONE;
            e.current = null;
            return;
        }
        TaskInfo i = info.get();
        switch (i.state()) {
            case SUCCEEDED -> {
                e.outcome = Outcome.SUCCEEDED;
                e.result = i.result();
            }
            case DEAD -> {
                e.outcome = Outcome.DEAD_LETTERED;
                e.deadReason = i.lastError();
                e.history.add("dead-lettered: " + i.lastError());
            }
            case CANCELLED -> e.outcome = Outcome.CANCELLED;
            default -> e.current = i;
        }
    }

    /** {@code read} applied to {@code e} brought up to date, under the journal's lock. */
    synchronized <T> T read(Entry e, Function<Entry, T> read) {
        refresh(e);
        return read.apply(e);
    }

    /** Refreshes every pending entry {@code filter} keeps; returns those still pending. */
    synchronized List<Entry> pending(Predicate<Entry> filter) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : accepted.values()) {
            if (filter.test(e)) {
                refresh(e);
                if (e.outcome == Outcome.PENDING) {
                    out.add(e);
                }
            }
        }
        return out;
    }
}

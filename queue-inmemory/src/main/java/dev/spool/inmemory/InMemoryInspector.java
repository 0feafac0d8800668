package dev.spool.inmemory;

import dev.spool.api.CancelResult;
import dev.spool.api.DeadLetter;
import dev.spool.api.DeleteResult;
import dev.spool.api.HistoryPoint;
import dev.spool.api.HistoryScale;
import dev.spool.api.QueueEvent;
import dev.spool.api.QueueEvents;
import dev.spool.api.QueueInspector;
import dev.spool.api.QueueSettings;
import dev.spool.api.QueueStats;
import dev.spool.api.RunNowResult;
import dev.spool.api.Task;
import dev.spool.api.TaskDecodeException;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskState;
import dev.spool.api.spi.QueueHistory;
import dev.spool.api.spi.TaskCodec;
import dev.spool.api.spi.TaskPages;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Inspection and administration of a {@link Store}'s queues. */
final class InMemoryInspector implements QueueInspector {
    private final Store store;
    private final Clock clock;

    InMemoryInspector(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    private <T> T locked(String queue, Function<QueueState, T> action) {
        QueueState q = store.queue(queue);
        q.lock.lock();
        try {
            return action.apply(q);
        } finally {
            q.lock.unlock();
        }
    }

    @Override
    public Set<String> queues() {
        Set<String> names = new TreeSet<>();
        store.queues.values().forEach(q -> {
            if (q.used) {
                names.add(q.name);
            }
        });
        return names;
    }

    @Override
    public QueueStats stats(String queue) {
        return locked(queue, q -> q.stats(clock.millis()));
    }

    @Override
    public List<HistoryPoint> history(String queue, HistoryScale scale) {
        QueueHistory.check(queue, scale);
        return locked(queue, q -> QueueHistory.points(scale, clock.millis(), b -> q.history.counts(scale, b)));
    }

    @Override
    public Optional<TaskInfo> task(String queue, String taskId) {
        Task.requireTaskId(taskId);
        return locked(queue, q -> Optional.ofNullable(q.info(taskId, clock.millis())));
    }

    @Override
    public List<TaskInfo> tasks(String queue, TaskState state, int offset, int limit) {
        return TaskPages.page(this, queue, state, offset, limit, (s, o, l) -> locked(queue, q -> q.ids(s)
                .skip(o).limit(l).toList()));
    }

    @Override
    public CancelResult cancel(String queue, String taskId) {
        Task.requireTaskId(taskId);
        return locked(queue, q -> {
            long now = clock.millis();
            QueueState.Entry e = q.entries.get(taskId);
            if (e != null && q.inFlight.get(taskId) == e) {
                e.cancelRequested = true;
                return CancelResult.REQUESTED;
            }
            if (e != null) {
                q.endCancelled(e, now);
                return CancelResult.CANCELLED;
            }
            return q.info(taskId, now) != null ? CancelResult.ALREADY_FINAL : CancelResult.NOT_FOUND;
        });
    }

    @Override
    public RunNowResult runNow(String queue, String taskId) {
        Task.requireQueueName(queue);
        Task.requireTaskId(taskId);
        return locked(queue, q -> {
            long now = clock.millis();
            QueueState.Entry e = q.entries.get(taskId);
            if (e != null && e.runAt > 0 && q.inFlight.get(taskId) != e) {
                q.delayed.removeIf(t -> t.id().equals(taskId));
                q.makeReady(e, false, now); // where promoteDue would put it
                q.changed.signal();
                return RunNowResult.READY;
            }
            return q.info(taskId, now) != null ? RunNowResult.NOT_SCHEDULED : RunNowResult.NOT_FOUND;
        });
    }

    @Override
    public DeleteResult delete(String queue, String taskId) {
        Task.requireQueueName(queue);
        Task.requireTaskId(taskId);
        return locked(queue, q -> q.delete(taskId, clock.millis()));
    }

    @Override
    public QueueSettings settings(String queue) {
        return locked(queue, q -> new QueueSettings(q.log.max, q.retention, q.rate, q.concurrency, q.types.limits()));
    }

    @Override
    public void configure(String queue, QueueSettings settings) {
        java.util.Objects.requireNonNull(settings, "settings");
        locked(queue, q -> {
            q.log.resize(settings.eventsKept());
            q.retention = settings.retention();
            q.rate = settings.rate();
            q.concurrency = settings.concurrency();
            q.types.limits(settings.typeLimits());
            q.changed.signalAll(); // a raised limit may let a waiting fetch take work
            return null;
        });
    }

    @Override
    public List<QueueEvent> events(String queue, String after, int max, Duration wait) {
        QueueEvents.check(after, max, wait);
        return locked(queue, q -> {
            long left = wait.toNanos();
            List<QueueEvent> got = q.log.after(after, max);
            while (got.isEmpty() && left > 0) {
                try {
                    left = q.log.appended.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                got = q.log.after(after, max);
            }
            return got;
        });
    }

    @Override
    public String lastEventId(String queue) {
        return locked(queue, q -> q.log.lastId());
    }

    @Override
    public List<DeadLetter> deadLetters(String queue, int offset, int limit) {
        return locked(queue, q -> {
            List<DeadLetter> all = q.deadNewestFirst();
            int from = Math.min(Math.max(0, offset), all.size());
            return List.copyOf(all.subList(from, Math.min(all.size(), from + Math.max(0, limit))));
        });
    }

    @Override
    public boolean requeueDead(String queue, String taskId) {
        return locked(queue, q -> requeue(q, taskId));
    }

    private boolean requeue(QueueState q, String taskId) {
        DeadLetter d = q.dead.get(taskId);
        if (d == null) {
            return false;
        }
        if (d.task() == null) {
            throw new TaskDecodeException("queue '" + q.name + "', dead letter " + taskId
                    + " cannot be requeued: its data is not a Spool task (" + d.error() + "); delete it");
        }
        q.dead.remove(taskId);
        Task fresh = d.task().toBuilder().attempt(0).runAt(null).build();
        QueueState.Entry e = new QueueState.Entry(fresh.id(), TaskCodec.encode(fresh), fresh.priority());
        q.entries.put(e.id, e);
        long now = clock.millis();
        q.makeReady(e, false, now);
        q.changed.signal();
        q.log.add(QueueEvent.Kind.ENQUEUED, e.id, now, 0, null, 0, null);
        return true;
    }

    @Override
    public long requeueAllDead(String queue) {
        return locked(queue, q -> {
            long n = 0;
            for (DeadLetter d : List.copyOf(q.dead.values())) {
                if (d.task() != null && requeue(q, d.id())) {
                    n++;
                }
            }
            return n;
        });
    }

    @Override
    public boolean deleteDead(String queue, String taskId) {
        return locked(queue, q -> q.dead.remove(taskId) != null);
    }

    @Override
    public long deleteAllDead(String queue) {
        return locked(queue, q -> {
            long n = q.dead.size();
            q.dead.clear();
            return n;
        });
    }

    @Override
    public long purge(String queue) {
        return locked(queue, q -> {
            long n = q.delayed.size();
            for (ArrayDeque<String> r : q.ready) {
                n += r.size();
                r.forEach(id -> forget(q, id));
                r.clear();
            }
            q.delayed.forEach(t -> forget(q, t.id()));
            q.delayed.clear();
            return n;
        });
    }

    private static void forget(QueueState q, String id) {
        QueueState.Entry e = q.entries.remove(id);
        if (e != null) {
            Task t = QueueState.decodeOrNull(e.raw);
            if (t != null) {
                q.releaseUnique(t, true);
            }
        }
    }

    @Override
    public void pause(String queue) {
        locked(queue, q -> q.paused = true);
    }

    @Override
    public void resume(String queue) {
        locked(queue, q -> {
            q.paused = false;
            q.changed.signalAll();
            return null;
        });
    }
}

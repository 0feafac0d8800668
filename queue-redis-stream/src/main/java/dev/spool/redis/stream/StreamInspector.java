package dev.spool.redis.stream;

import dev.spool.api.CancelResult;
import dev.spool.api.DeadLetter;
import dev.spool.api.DeleteResult;
import dev.spool.api.HistoryPoint;
import dev.spool.api.HistoryScale;
import dev.spool.api.QueueEvent;
import dev.spool.api.QueueInspector;
import dev.spool.api.QueueSettings;
import dev.spool.api.QueueStats;
import dev.spool.api.RunNowResult;
import dev.spool.api.Task;
import dev.spool.api.TaskDecodeException;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskProgress;
import dev.spool.api.TaskState;
import dev.spool.api.spi.QueueHistory;
import dev.spool.api.spi.TaskCodec;
import dev.spool.api.spi.TaskPages;
import dev.spool.redis.core.HistoryRecords;
import dev.spool.redis.core.ProgressRecord;
import dev.spool.redis.core.Replies;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Inspection and administration of redis-stream queues: stats, dead letters, purge, pause. */
final class StreamInspector implements QueueInspector {
    /** Dead letters or tasks handled per script call in bulk operations. */
    private static final int CHUNK = 1000;

    private final RedisStreamBroker broker;
    private final StreamEvents events;

    StreamInspector(RedisStreamBroker broker) {
        this.broker = broker;
        this.events = new StreamEvents(broker);
    }

    @Override
    public QueueSettings settings(String queue) {
        return events.settings(queue);
    }

    @Override
    public void configure(String queue, QueueSettings settings) {
        events.configure(queue, settings);
    }

    @Override
    public List<QueueEvent> events(String queue, String after, int max, Duration wait) {
        return events.events(queue, after, max, wait);
    }

    @Override
    public String lastEventId(String queue) {
        return events.lastEventId(queue);
    }

    @Override
    public Set<String> queues() {
        try {
            return new TreeSet<>(broker.client().<String>getSet(broker.keys().names().queues(), StringCodec.INSTANCE).readAll());
        } catch (RuntimeException e) {
            throw broker.scripts().wrap("listing queues", e);
        }
    }

    @Override
    public QueueStats stats(String queue) {
        Task.requireQueueName(queue);
        List<Object> r = StreamQueue.list(run(Scripts.Script.STATS, "stats of queue '" + queue + "'", queue, "stats"));
        return new QueueStats(queue, n(r, 0), n(r, 1), n(r, 2), n(r, 3), n(r, 4), n(r, 5), n(r, 7), n(r, 6) == 1, n(r, 8),
                Duration.ofMillis(n(r, 9)));
    }

    @Override
    public List<HistoryPoint> history(String queue, HistoryScale scale) {
        QueueHistory.check(queue, scale);
        long now = broker.clock().millis();
        String key = broker.keys().prefixOf(queue) + "stats";
        List<Object> r = StreamQueue.list(broker.scripts().run(Scripts.Script.HISTORY, "history of queue '" + queue + "'",
                key, List.of(key), broker.commonArgsAt(queue, now, HistoryRecords.prefix(scale))));
        return HistoryRecords.points(scale, now, r.stream().map(v -> v == null ? null : BytesCodec.text(v)).toList());
    }

    @Override
    public List<TaskInfo> tasks(String queue, TaskState state, int offset, int limit) {
        Task.requireQueueName(queue);
        return TaskPages.page(this, queue, state, offset, limit, (s, o, l) -> StreamQueue.list(run(Scripts.Script.PAGE,
                        "a page of the " + s.label() + " tasks of queue '" + queue + "'", queue, "leases", s.label(), o, l))
                .stream().map(String::valueOf).toList());
    }

    @Override
    public Optional<TaskInfo> task(String queue, String taskId) {
        Task.requireQueueName(queue);
        Task.requireTaskId(taskId);
        String key = broker.keys().prefixOf(queue) + "where";
        List<Object> r = StreamQueue.list(broker.scripts().runBytes(Scripts.Script.INFO, "looking up task " + taskId
                + " on queue '" + queue + "'", key, List.of(key), broker.commonArgs(queue, taskId)));
        if (r.isEmpty()) {
            return Optional.empty();
        }
        TaskState state = TaskState.valueOf(BytesCodec.text(r.get(0)).toUpperCase(Locale.ROOT));
        byte[] body = BytesCodec.bytes(r.get(1));
        int attempts = (int) StreamQueue.number(r.get(2));
        String at = BytesCodec.text(r.get(3));
        Instant when = at.isEmpty() ? null : Instant.ofEpochMilli(StreamQueue.number(at));
        String error = BytesCodec.text(r.get(4));
        String result = BytesCodec.text(r.get(5));
        TaskProgress progress = ProgressRecord.parse(BytesCodec.text(r.get(6)));
        String started = r.size() > 7 ? BytesCodec.text(r.get(7)) : "";
        String holder = r.size() > 8 ? BytesCodec.text(r.get(8)) : "";
        Task task = null;
        String raw = null;
        try {
            task = TaskCodec.decode(body).withAttempt(attempts);
        } catch (TaskDecodeException e) {
            raw = BytesCodec.text(body);
        }
        return Optional.of(new TaskInfo(queue, taskId, state, task, raw, attempts,
                state == TaskState.SCHEDULED ? when : null, state == TaskState.RUNNING ? when : null,
                error.isEmpty() ? null : error, state.isFinal() ? when : null, result.isEmpty() ? null : result,
                progress, started.isEmpty() ? null : Instant.ofEpochMilli(StreamQueue.number(started)),
                holder.isEmpty() ? null : holder));
    }

    /** Runs a script on one task of {@code queue}, keyed by the queue's where hash; its reply. */
    private Object onTask(Scripts.Script script, String doing, String queue, String taskId) {
        Task.requireQueueName(queue);
        Task.requireTaskId(taskId);
        String key = broker.keys().prefixOf(queue) + "where";
        return broker.scripts().run(script, doing, key, List.of(key), broker.commonArgs(queue, taskId));
    }

    private static String outcome(Object reply) {
        return reply == null ? "" : BytesCodec.text(reply);
    }

    @Override
    public CancelResult cancel(String queue, String taskId) {
        Object reply = onTask(Scripts.Script.CANCEL, "cancelling task " + taskId + " on queue '" + queue + "'", queue, taskId);
        return switch (outcome(reply)) {
            case "cancelled" -> CancelResult.CANCELLED;
            case "requested" -> CancelResult.REQUESTED;
            case "final" -> CancelResult.ALREADY_FINAL;
            case "unknown" -> CancelResult.NOT_FOUND;
            default -> throw Replies.unexpected(reply, RedisStreamBackend.NAME, "cancel", queue);
        };
    }

    @Override
    public RunNowResult runNow(String queue, String taskId) {
        Object reply = onTask(Scripts.Script.RUN_NOW, "running task " + taskId + " of queue '" + queue + "' now", queue, taskId);
        return switch (outcome(reply)) {
            case "ready" -> RunNowResult.READY;
            case "not_scheduled" -> RunNowResult.NOT_SCHEDULED;
            case "unknown" -> RunNowResult.NOT_FOUND;
            default -> throw Replies.unexpected(reply, RedisStreamBackend.NAME, "run_now", queue);
        };
    }

    @Override
    public DeleteResult delete(String queue, String taskId) {
        Object reply = onTask(Scripts.Script.DELETE, "deleting task " + taskId + " of queue '" + queue + "'", queue, taskId);
        return switch (outcome(reply)) {
            case "deleted" -> DeleteResult.DELETED;
            case "running" -> DeleteResult.RUNNING;
            case "unknown" -> DeleteResult.NOT_FOUND;
            default -> throw Replies.unexpected(reply, RedisStreamBackend.NAME, "delete", queue);
        };
    }

    @Override
    public List<DeadLetter> deadLetters(String queue, int offset, int limit) {
        Task.requireQueueName(queue);
        if (limit <= 0) {
            return List.of();
        }
        String key = broker.keys().prefixOf(queue) + "dead-letters";
        List<Object> r = StreamQueue.list(broker.scripts().runBytes(Scripts.Script.DEAD, "listing dead letters of queue '"
                + queue + "'", key, List.of(key), broker.commonArgs(queue, "list", Math.max(0, offset), limit)));
        List<DeadLetter> out = new ArrayList<>(r.size() / 5);
        for (int i = 0; i + 5 <= r.size(); i += 5) {
            String id = BytesCodec.text(r.get(i));
            byte[] body = BytesCodec.bytes(r.get(i + 1));
            String error = BytesCodec.text(r.get(i + 2));
            int attempts = (int) StreamQueue.number(r.get(i + 3));
            Instant failedAt = Instant.ofEpochMilli(StreamQueue.number(r.get(i + 4)));
            Task task = null;
            String raw = null;
            try {
                task = TaskCodec.decode(body);
                task = task.withAttempt(attempts);
            } catch (TaskDecodeException e) {
                raw = BytesCodec.text(body);
                if (error.isEmpty()) {
                    error = e.getMessage();
                }
            }
            out.add(new DeadLetter(queue, id, task, raw, error, attempts, failedAt));
        }
        return out;
    }

    @Override
    public boolean requeueDead(String queue, String taskId) {
        Task.requireQueueName(queue);
        byte[] body;
        try {
            body = (byte[]) broker.client().<String, Object>getMap(broker.keys().prefixOf(queue) + "dead-letter:" + taskId, BytesCodec.INSTANCE).get("task");
        } catch (RuntimeException e) {
            throw broker.scripts().wrap("reading dead letter " + taskId + " of queue '" + queue + "'", e);
        }
        if (body == null) {
            return false;
        }
        Task task;
        try {
            task = TaskCodec.decode(body);
        } catch (TaskDecodeException e) {
            throw new TaskDecodeException("queue '" + queue + "', dead letter " + taskId
                    + " cannot be requeued: its data is not a Spool task (" + e.getMessage() + "); delete it", e);
        }
        long window = (task.uniqueFor() != null ? task.uniqueFor() : Task.DEFAULT_UNIQUE_FOR).toMillis();
        return StreamQueue.number(run(Scripts.Script.DEAD, "requeue of dead letter " + taskId + " of queue '" + queue + "'",
                queue, "dead-letters", "requeue", taskId, window, StreamQueue.uniqueSafetyTtl(window))) == 1;
    }

    @Override
    public long requeueAllDead(String queue) {
        long n = 0;
        int offset = 0;
        while (true) {
            List<DeadLetter> page = deadLetters(queue, offset, CHUNK);
            if (page.isEmpty()) {
                return n;
            }
            for (DeadLetter d : page) {
                if (d.task() != null && requeueDead(queue, d.id())) {
                    n++;
                } else {
                    offset++; // undecodable ones stay where they are
                }
            }
        }
    }

    @Override
    public boolean deleteDead(String queue, String taskId) {
        Task.requireQueueName(queue);
        return StreamQueue.number(run(Scripts.Script.DEAD, "deleting dead letter " + taskId + " of queue '" + queue + "'",
                queue, "dead-letters", "delete", taskId)) == 1;
    }

    @Override
    public long deleteAllDead(String queue) {
        Task.requireQueueName(queue);
        long total = 0;
        while (true) {
            long n = StreamQueue.number(run(Scripts.Script.DEAD, "deleting the dead letters of queue '" + queue + "'",
                    queue, "dead-letters", "clear", CHUNK));
            total += n;
            if (n < CHUNK) {
                return total;
            }
        }
    }

    @Override
    public long purge(String queue) {
        Task.requireQueueName(queue);
        QueueStats before = stats(queue); // tasks enqueued meanwhile are not chased forever
        long present = before.ready() + before.delayed();
        long total = 0;
        while (true) {
            List<Object> r = StreamQueue.list(run(Scripts.Script.PURGE, "purge of queue '" + queue + "'", queue, "scheduled",
                    CHUNK)); // about 25 ms of the server's time per call: live workers keep being served
            total += StreamQueue.number(r.get(0));
            if (StreamQueue.number(r.get(1)) == 0 || total >= present) {
                return total;
            }
        }
    }

    @Override
    public void pause(String queue) {
        Task.requireQueueName(queue);
        try {
            broker.client().getBucket(broker.keys().prefixOf(queue) + "paused", StringCodec.INSTANCE).set("1");
        } catch (RuntimeException e) {
            throw broker.scripts().wrap("pausing queue '" + queue + "'", e);
        }
    }

    @Override
    public void resume(String queue) {
        Task.requireQueueName(queue);
        try {
            broker.client().getBucket(broker.keys().prefixOf(queue) + "paused", StringCodec.INSTANCE).delete();
        } catch (RuntimeException e) {
            throw broker.scripts().wrap("resuming queue '" + queue + "'", e);
        }
    }

    private Object run(Scripts.Script s, String what, String queue, String routingKey, Object... more) {
        String key = broker.keys().prefixOf(queue) + routingKey;
        return broker.scripts().run(s, what, key, List.of(key), broker.commonArgs(queue, more));
    }

    private static long n(List<Object> r, int i) {
        return StreamQueue.number(r.get(i));
    }
}

package dev.spool.redis.list;

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
import dev.spool.api.SpoolException;
import dev.spool.api.Task;
import dev.spool.api.TaskDecodeException;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskProgress;
import dev.spool.api.TaskState;
import dev.spool.api.spi.QueueHistory;
import dev.spool.api.spi.TaskCodec;
import dev.spool.api.spi.TaskPages;
import dev.spool.redis.core.EventRecords;
import dev.spool.redis.core.HistoryRecords;
import dev.spool.redis.core.LuaScript;
import dev.spool.redis.core.ProgressRecord;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static dev.spool.redis.list.ResultCodes.list;
import static dev.spool.redis.list.ResultCodes.number;
import static dev.spool.redis.list.ResultCodes.string;

/**
 * Inspection and administration of redis-list queues: counts, dead letters, purge and pause,
 * each one script call (requeueing every dead letter pages through them).
 */
final class RedisListInspector implements QueueInspector {
    private static final int PAGE = 200;
    /** Tasks a purge deletes one by one per script call: a few ms of the server's time each. */
    static final int PURGE_STEP = 2_000;

    private final RedisListBroker broker;
    private final RedisLink link;

    RedisListInspector(RedisListBroker broker) {
        this.broker = broker;
        this.link = broker.link();
    }

    @Override
    public Set<String> queues() {
        Set<String> names = link.call("list queues", null, null, j -> j.smembers(broker.settings().common().keyNames().queues()));
        return Collections.unmodifiableSet(new TreeSet<>(names));
    }

    @Override
    public QueueStats stats(String queue) {
        Keys keys = keys(queue);
        List<Object> r = list(link.eval(Scripts.STATS, keys.encoded(), broker.args(keys, now()), queue, null), "stats", queue);
        return new QueueStats(queue, n(r, 0, queue), n(r, 1, queue), n(r, 2, queue), n(r, 3, queue), n(r, 4, queue),
                n(r, 5, queue), n(r, 7, queue), n(r, 6, queue) == 1, n(r, 8, queue), Duration.ofMillis(n(r, 9, queue)));
    }

    @Override
    public List<HistoryPoint> history(String queue, HistoryScale scale) {
        QueueHistory.check(queue, scale);
        Keys keys = keys(queue);
        long now = now();
        List<String> args = broker.args(keys, now);
        args.add(HistoryRecords.prefix(scale));
        List<Object> r = list(link.eval(Scripts.HISTORY, keys.encoded(), args, queue, null), "history", queue);
        return HistoryRecords.points(scale, now, r.stream().map(ResultCodes::string).toList());
    }

    @Override
    public Optional<TaskInfo> task(String queue, String taskId) {
        Keys keys = keys(queue);
        Task.requireTaskId(taskId);
        List<String> args = broker.args(keys, now());
        args.add(taskId);
        List<Object> r = list(link.evalBytes(Scripts.INFO, keys.encoded(), args, -1, queue, taskId), "info", queue);
        if (r.isEmpty()) {
            return Optional.empty();
        }
        TaskState state = TaskState.valueOf(string(r.get(0)).toUpperCase(java.util.Locale.ROOT));
        byte[] data = bytes(r.get(1));
        int attempts = (int) number(r.get(2), "info", queue);
        String at = string(r.get(3));
        Instant when = at.isEmpty() ? null : Instant.ofEpochMilli(parseLong(at));
        String error = string(r.get(4));
        String result = string(r.get(5));
        TaskProgress progress = ProgressRecord.parse(string(r.get(6)));
        String started = r.size() > 7 ? string(r.get(7)) : "";
        String holder = r.size() > 8 ? string(r.get(8)) : "";
        Task task;
        String raw = null;
        try {
            task = TaskCodec.decode(data).withAttempt(attempts);
        } catch (TaskDecodeException e) {
            task = null;
            raw = new String(data, StandardCharsets.UTF_8);
        }
        return Optional.of(new TaskInfo(queue, taskId, state, task, raw, attempts,
                state == TaskState.SCHEDULED ? when : null, state == TaskState.RUNNING ? when : null,
                error.isEmpty() ? null : error, state.isFinal() ? when : null, result.isEmpty() ? null : result,
                progress, started.isEmpty() ? null : Instant.ofEpochMilli(parseLong(started)),
                holder.isEmpty() ? null : holder));
    }

    /** Runs a script on one task of {@code queue} (ARGV 5: its id); its one-word outcome, "null" when none. */
    private String onTask(LuaScript script, String queue, String taskId) {
        Keys keys = keys(queue);
        Task.requireTaskId(taskId);
        List<String> args = broker.args(keys, now());
        args.add(taskId);
        return String.valueOf(string(link.eval(script, keys.encoded(), args, queue, taskId)));
    }

    @Override
    public CancelResult cancel(String queue, String taskId) {
        String outcome = onTask(Scripts.CANCEL, queue, taskId);
        return switch (outcome) {
            case "cancelled" -> CancelResult.CANCELLED;
            case "requested" -> CancelResult.REQUESTED;
            case "final" -> CancelResult.ALREADY_FINAL;
            case "unknown" -> CancelResult.NOT_FOUND;
            default -> throw ResultCodes.unexpected(outcome, "cancel", queue);
        };
    }

    @Override
    public RunNowResult runNow(String queue, String taskId) {
        String outcome = onTask(Scripts.RUN_NOW, queue, taskId);
        return switch (outcome) {
            case "ready" -> RunNowResult.READY;
            case "not_scheduled" -> RunNowResult.NOT_SCHEDULED;
            case "unknown" -> RunNowResult.NOT_FOUND;
            default -> throw ResultCodes.unexpected(outcome, "run_now", queue);
        };
    }

    @Override
    public DeleteResult delete(String queue, String taskId) {
        String outcome = onTask(Scripts.DELETE, queue, taskId);
        return switch (outcome) {
            case "deleted" -> DeleteResult.DELETED;
            case "running" -> DeleteResult.RUNNING;
            case "unknown" -> DeleteResult.NOT_FOUND;
            default -> throw ResultCodes.unexpected(outcome, "delete", queue);
        };
    }

    @Override
    public QueueSettings settings(String queue) {
        Keys keys = keys(queue);
        List<String> v = link.call("read the settings", queue, null,
                j -> j.hmget(keys.settings(), EventRecords.SETTINGS_FIELDS.toArray(String[]::new)));
        Map<String, String> f = new java.util.HashMap<>();
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i) != null) {
                f.put(EventRecords.SETTINGS_FIELDS.get(i), v.get(i));
            }
        }
        return EventRecords.settings(f);
    }

    @Override
    public void configure(String queue, QueueSettings settings) {
        Keys keys = keys(queue);
        Map<String, String> fields = EventRecords.fields(java.util.Objects.requireNonNull(settings, "settings"));
        link.call("configure", queue, null, j -> j.hset(keys.settings(), fields));
        if (!settings.eventsOn()) {
            link.call("drop the event log", queue, null, j -> j.unlink(keys.events()));
        }
    }

    @Override
    public List<QueueEvent> events(String queue, String after, int max, Duration wait) {
        Keys keys = keys(queue);
        QueueEvents.check(after, max, wait);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            XReadParams params = XReadParams.xReadParams().count(max);
            if (left > 0) {
                params.block((int) Math.min(left, broker.settings().common().maxBlock().toMillis()));
            }
            StreamEntryID from = new StreamEntryID(after);
            List<Map.Entry<String, List<StreamEntry>>> r = link.call("read events", queue, null,
                    j -> j.xread(params, Map.of(keys.events(), from)));
            List<QueueEvent> out = new ArrayList<>();
            if (r != null) {
                for (Map.Entry<String, List<StreamEntry>> stream : r) {
                    for (StreamEntry e : stream.getValue()) {
                        EventRecords.parse(queue, e.getID().toString(), e.getFields(), out);
                        after = e.getID().toString();
                    }
                }
            }
            if (!out.isEmpty() || left <= 0) {
                return out;
            }
        }
    }

    @Override
    public String lastEventId(String queue) {
        Keys keys = keys(queue);
        List<StreamEntry> r = link.call("read the last event id", queue, null,
                j -> j.xrevrange(keys.events(), "+", "-", 1));
        return r.isEmpty() ? QueueEvents.START : r.get(0).getID().toString();
    }

    @Override
    public List<TaskInfo> tasks(String queue, TaskState state, int offset, int limit) {
        Keys keys = keys(queue);
        return TaskPages.page(this, queue, state, offset, limit, (s, o, l) -> {
            List<String> args = broker.args(keys, now());
            args.addAll(List.of(s.label(), Integer.toString(o), Integer.toString(l)));
            return list(link.eval(Scripts.PAGE, keys.encoded(), args, queue, null), "page", queue).stream()
                    .map(ResultCodes::string).toList();
        });
    }

    @Override
    public List<DeadLetter> deadLetters(String queue, int offset, int limit) {
        Keys keys = keys(queue);
        if (offset < 0 || limit < 0) {
            throw new SpoolException("dead letters of queue '" + queue + "': offset " + offset + " and limit " + limit
                    + " must not be negative");
        }
        if (limit == 0) {
            return List.of();
        }
        List<DeadLetter> out = new ArrayList<>();
        for (Object[] row : page(queue, keys, offset, limit)) {
            out.add(deadLetter(queue, row));
        }
        return out;
    }

    private List<Object[]> page(String queue, Keys keys, int offset, int limit) {
        List<String> args = broker.args(keys, now());
        args.add(Integer.toString(offset));
        args.add(Integer.toString(limit));
        List<Object> r = list(link.evalBytes(Scripts.DEAD_LIST, keys.encoded(), args, -1, queue, null), "dead_list", queue);
        List<Object[]> rows = new ArrayList<>(r.size() / 3);
        for (int i = 0; i + 2 < r.size(); i += 3) {
            rows.add(new Object[] {string(r.get(i)), bytes(r.get(i + 1)), string(r.get(i + 2))});
        }
        return rows;
    }

    private static DeadLetter deadLetter(String queue, Object[] row) {
        String id = (String) row[0];
        byte[] data = (byte[]) row[1];
        String[] info = ((String) row[2]).split(" ", 3);
        int attempts = (int) parseLong(info[0]);
        Instant failedAt = Instant.ofEpochMilli(info.length > 1 ? parseLong(info[1]) : 0);
        String error = info.length > 2 ? info[2] : "";
        try {
            Task task = TaskCodec.decode(data).withAttempt(attempts);
            return new DeadLetter(queue, id, task, null, error, attempts, failedAt);
        } catch (TaskDecodeException e) {
            return new DeadLetter(queue, id, null, new String(data, StandardCharsets.UTF_8), error, attempts, failedAt);
        }
    }

    private static byte[] bytes(Object o) {
        return o instanceof byte[] b ? b : String.valueOf(o).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public boolean requeueDead(String queue, String taskId) {
        Keys keys = keys(queue);
        byte[] data = link.call("read dead letter", queue, taskId, j -> j.hget(bytes(keys.deadBody()), bytes(taskId)));
        if (data == null) {
            return false;
        }
        Task task;
        try {
            task = TaskCodec.decode(data);
        } catch (TaskDecodeException e) {
            throw new TaskDecodeException("dead letter " + taskId + " of queue '" + queue + "' is not a task and cannot "
                    + "be requeued (delete it instead): " + e.getMessage(), e);
        }
        return requeue(queue, keys, List.of(task), List.of(taskId)) == 1;
    }

    @Override
    public long requeueAllDead(String queue) {
        Keys keys = keys(queue);
        long total = 0;
        int skipped = 0; // undecodable ones stay, at the front of the newest-first order
        long seen = 0;
        long present = stats(queue).dead(); // tasks that fail again meanwhile are not chased
        while (seen < present) {
            List<Object[]> rows = page(queue, keys, skipped, (int) Math.min(PAGE, present - seen));
            if (rows.isEmpty()) {
                return total;
            }
            seen += rows.size();
            List<Task> tasks = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (Object[] row : rows) {
                try {
                    tasks.add(TaskCodec.decode((byte[]) row[1]));
                    ids.add((String) row[0]);
                } catch (TaskDecodeException e) {
                    skipped++;
                }
            }
            if (!tasks.isEmpty()) {
                total += requeue(queue, keys, tasks, ids);
            }
        }
        return total;
    }

    private long requeue(String queue, Keys keys, List<Task> tasks, List<String> ids) {
        List<String> args = broker.args(keys, now());
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            args.add(ids.get(i));
            args.add(TaskCodec.encode(t.withAttempt(0)));
            args.add(Integer.toString(t.priority()));
        }
        return number(link.eval(Scripts.REQUEUE_DEAD, keys.encoded(), args, queue, ids.size() == 1 ? ids.get(0) : null),
                "requeue_dead", queue);
    }

    @Override
    public boolean deleteDead(String queue, String taskId) {
        Keys keys = keys(queue);
        List<String> args = broker.args(keys, now());
        args.add("ids");
        args.add(taskId);
        return number(link.eval(Scripts.DELETE_DEAD, keys.encoded(), args, queue, taskId), "delete_dead", queue) == 1;
    }

    @Override
    public long deleteAllDead(String queue) {
        Keys keys = keys(queue);
        List<String> args = broker.args(keys, now());
        args.add("all");
        return number(link.eval(Scripts.DELETE_DEAD, keys.encoded(), args, queue, null), "delete_dead", queue);
    }

    @Override
    public long purge(String queue) {
        Keys keys = keys(queue);
        QueueStats before = stats(queue); // tasks enqueued meanwhile are not chased forever
        long present = before.ready() + before.delayed();
        long total = 0;
        while (true) {
            List<String> args = broker.args(keys, now());
            args.add(Integer.toString(PURGE_STEP));
            List<Object> r = list(link.eval(Scripts.PURGE, keys.encoded(), args, queue, null), "purge", queue);
            total += number(r.get(0), "purge", queue);
            if (number(r.get(1), "purge", queue) == 0 || total >= present) {
                return total;
            }
        }
    }

    @Override
    public void pause(String queue) {
        pauseOrResume(queue, "pause");
    }

    @Override
    public void resume(String queue) {
        pauseOrResume(queue, "resume");
    }

    private void pauseOrResume(String queue, String what) {
        Keys keys = keys(queue);
        List<String> args = broker.args(keys, now());
        args.add(what);
        link.eval(Scripts.PAUSE, keys.encoded(), args, queue, null);
    }

    private Keys keys(String queue) {
        return broker.keys(Task.requireQueueName(queue));
    }

    private long now() {
        return broker.clock().millis();
    }

    private static long n(List<Object> r, int i, String queue) {
        return number(r.get(i), "stats", queue);
    }
}

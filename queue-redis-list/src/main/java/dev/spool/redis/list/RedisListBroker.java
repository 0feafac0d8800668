package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.QueueInspector;
import dev.spool.api.Schedules;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.api.WorkerRegistry;
import dev.spool.api.spi.CheckedTaskQueue;
import dev.spool.api.spi.CheckedWorkerRegistry;
import dev.spool.api.spi.ClientName;
import dev.spool.redis.core.ScheduleRecords;
import dev.spool.redis.core.ServerClock;
import dev.spool.redis.core.WorkerRecords;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An open redis-list backend: one {@link RedisLink} (pool) shared by every queue handle, the
 * inspector and the worker registry; the clock and settings they all read.
 */
final class RedisListBroker implements Broker {
    private final RedisLink link;
    private final Settings settings;
    private final Clock clock;
    private final Duration lease;
    private final RedisListInspector inspector;
    private final WorkerRecords workers;
    private final Schedules schedules;
    private final ConcurrentHashMap<String, Keys> keys = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    /** Queues whose settings this broker marked as holding tasks with a deadline ({@link #markExpiring}). */
    private final Set<String> expiring = ConcurrentHashMap.newKeySet();
    /** This broker's name, recorded as the holder of every task it leases. */
    private final String holder = ClientName.fresh();

    RedisListBroker(BackendConfig config) {
        this.settings = Settings.of(config);
        this.lease = config.lease();
        this.link = RedisLink.open(RedisUrl.parse(config.url(), settings.cluster()), settings);
        List<byte[]> anyKey = Keys.encode(List.of(settings.common().keyNames().workersInfo()));
        try {
            this.clock = ServerClock.of(config.clock(), settings.common().serverClock(), RedisListBackend.NAME,
                    "Redis at " + link.url(), () -> link.eval(ServerClock.SCRIPT, anyKey, List.of(), null, null));
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
        this.inspector = new RedisListInspector(this);
        this.workers = new WorkerRecords(RedisListBackend.NAME, settings.common().keyNames(), clock::millis,
                (k, args, what) -> link.eval(WorkerRecords.SCRIPT, Keys.encode(k), args, null, null));
        this.schedules = Schedules.of(this, new ScheduleRecords(RedisListBackend.NAME, settings.common().keyNames(),
                (k, args, what) -> link.eval(ScheduleRecords.SCRIPT, Keys.encode(k), args, null, null)), clock::millis);
    }

    @Override
    public String backend() {
        return RedisListBackend.NAME;
    }

    @Override
    public TaskQueue queue(String name) {
        return CheckedTaskQueue.of(new RedisListQueue(this, Task.requireQueueName(name)));
    }

    @Override
    public QueueInspector inspector() {
        return inspector;
    }

    @Override
    public WorkerRegistry workers() {
        return CheckedWorkerRegistry.of(workers);
    }

    @Override
    public Schedules schedules() {
        return schedules;
    }

    @Override
    public void ping() {
        link.call("PING", null, null, j -> j.ping());
    }

    @Override
    public void close() {
        if (clock instanceof ServerClock c) {
            c.close();
        }
        link.close();
    }

    RedisLink link() {
        return link;
    }

    Settings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    Duration defaultLease() {
        return lease;
    }

    Keys keys(String queue) {
        return keys.computeIfAbsent(queue, q -> new Keys(settings.common().keyNames(), q));
    }

    /**
     * Adds {@code queue} to the set of queue names, once per queue per broker, before its first
     * enqueue (so that a failure here means nothing was stored); errors name that enqueue's task.
     */
    void register(String queue, String taskId) {
        if (registered.add(queue)) {
            try {
                String all = settings.common().keyNames().queues();
                link.call("enqueue (adding the queue to " + all + ")", queue, taskId, j -> j.sadd(all, queue));
            } catch (RuntimeException e) {
                registered.remove(queue);
                throw e;
            }
        }
    }

    /**
     * Before the first enqueue of a task with a deadline to {@code queue} (once per queue per broker):
     * sets the settings' {@code expiring} flag, which makes fetch look for expired tasks (expiry.lua).
     */
    void markExpiring(String queue, Keys k) {
        if (expiring.add(queue)) {
            try {
                link.call("enqueue (marking the queue as holding tasks with a deadline)", queue, null,
                        j -> j.hset(k.settings(), "expiring", "1"));
            } catch (RuntimeException e) {
                expiring.remove(queue);
                throw e;
            }
        }
    }

    /** The four arguments every queue script starts with (see queue.lua), in a list to append to. */
    List<String> args(Keys k, long now) {
        List<String> args = new ArrayList<>(16);
        args.add(k.prefix());
        args.add(Long.toString(now));
        args.add(Integer.toString(settings.common().deadMaxCount()));
        args.add(Long.toString(settings.common().deadMaxAge().toMillis()));
        return args;
    }

    @Override
    public String toString() {
        return "redis-list broker at " + link.url();
    }

    /** The name recorded as the holder of the tasks this broker leases ({@link ClientName}). */
    String holder() {
        return holder;
    }
}

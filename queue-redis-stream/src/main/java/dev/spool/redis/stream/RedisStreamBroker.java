package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;
import dev.spool.api.BackendException;
import dev.spool.api.Broker;
import dev.spool.api.QueueInspector;
import dev.spool.api.Schedules;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.api.WorkerRegistry;
import dev.spool.api.spi.CheckedTaskQueue;
import dev.spool.api.spi.CheckedWorkerRegistry;
import dev.spool.api.spi.ClientName;
import dev.spool.redis.core.ServerClock;
import dev.spool.redis.core.ScheduleRecords;
import dev.spool.redis.core.WorkerRecords;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisCluster;
import org.redisson.api.redisnode.RedisMasterSlave;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A broker on Redis Streams. Responsibilities:
 * <ol>
 *   <li>owns the one {@link RedissonClient} its queues, inspector and registry share, and shuts it
 *       down on {@link #close()};</li>
 *   <li>names this process's consumer in every queue's consumer group ({@code host-pid-random});</li>
 *   <li>registers queue names in {@code spool:queues} (in its namespace) once per queue per process;</li>
 *   <li>runs the maintenance that removes gone consumers from the groups, now and then while
 *       fetching and for its own consumer on close.</li>
 * </ol>
 */
public final class RedisStreamBroker implements Broker {
    private final BackendConfig config;
    private final Settings settings;
    private final RedissonClient client;
    private final Scripts scripts;
    private final String consumer;
    private final String where;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    /** Queues whose settings this broker marked as holding tasks with a deadline ({@link #markExpiring}). */
    private final Set<String> expiring = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> maintainedAt = new ConcurrentHashMap<>();
    /** One StreamQueue (and Fetcher) per queue name: callers may ask for the queue on every call. */
    private final Map<String, StreamQueue> queues = new ConcurrentHashMap<>();
    private final String deadMaxCount;
    private final String deadMaxAge;
    private final StreamInspector inspector;
    private final WorkerRecords workers;
    private final Schedules schedules;
    private final Keys keys;
    /**
     * The configured clock, replaced by the server's ({@link ServerClock}) in {@link #open} before the
     * broker is returned; volatile, so that a broker handed to another thread without synchronization
     * is never seen with the configured one.
     */
    private volatile Clock clock;
    private volatile boolean closed;

    private RedisStreamBroker(BackendConfig config, Settings settings, RedissonClient client, String where, String password) {
        this.config = config;
        this.settings = settings;
        this.client = client;
        this.where = where;
        this.scripts = new Scripts(client, settings.common().retrying(), where, password);
        this.keys = new Keys(settings.common().keyNames());
        this.consumer = ClientName.fresh();
        this.inspector = new StreamInspector(this);
        this.clock = config.clock();
        this.workers = new WorkerRecords(RedisStreamBackend.NAME, keys.names(), () -> clock.millis(),
                (k, args, what) -> scripts.run(WorkerRecords.SCRIPT, what, k.get(1), List.<Object>copyOf(k), args.toArray()));
        this.schedules = Schedules.of(this, new ScheduleRecords(RedisStreamBackend.NAME, keys.names(),
                (k, args, what) -> scripts.run(ScheduleRecords.SCRIPT, what, k.get(0), List.<Object>copyOf(k), args.toArray())),
                () -> clock.millis());
        this.deadMaxCount = String.valueOf(settings.common().deadMaxCount());
        this.deadMaxAge = String.valueOf(settings.common().deadMaxAge().toMillis());
    }

    static RedisStreamBroker open(BackendConfig config) {
        Settings settings = Settings.of(config);
        String where;
        String password = null;
        if (settings.redissonConfig() != null) {
            where = "the servers of Redisson config " + settings.redissonConfig();
        } else {
            RedissonConfigs.Target t = RedissonConfigs.parse(config.url());
            where = (t.cluster() ? "Redis Cluster " : "Redis ") + String.join(",", t.hosts())
                    + (t.db() != 0 ? "/" + t.db() : "");
            password = t.password();
        }
        Config rc = RedissonConfigs.of(config, settings);
        RedissonClient client;
        try {
            client = Redisson.create(rc);
        } catch (RuntimeException e) {
            String tls = TlsFailures.describe(e);
            String shown = "redis-stream: cannot connect to " + where + " (" + BackendConfig.redact(config.url()) + "): ";
            if (tls != null) {
                throw new BackendException(shown + tls, e);
            }
            String msg = String.valueOf(e.getMessage());
            if (password != null) {
                msg = msg.replace(password, "***");
            }
            throw new BackendException(shown + msg + "; check the host, the port and the credentials", e);
        }
        RedisStreamBroker broker = new RedisStreamBroker(config, settings, client, where, password);
        try {
            broker.ping();
            settings.common().evictionCheck().apply(RedisStreamBackend.NAME, evictionPolicies(client, rc));
            String anyKey = broker.keys.names().workersInfo();
            broker.clock = ServerClock.of(config.clock(), settings.common().serverClock(), RedisStreamBackend.NAME, where,
                    () -> broker.scripts.run(ServerClock.SCRIPT, "reading the time of " + where, anyKey, List.<Object>of(anyKey)));
        } catch (RuntimeException e) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
        return broker;
    }

    /** Each server's {@code maxmemory-policy} (masters and replicas), empty where it cannot be read. */
    private static Map<String, Optional<String>> evictionPolicies(RedissonClient client, Config rc) {
        List<RedisNode> nodes = new ArrayList<>();
        if (rc.isClusterConfig()) {
            RedisCluster cluster = client.getRedisNodes(RedisNodes.CLUSTER);
            nodes.addAll(cluster.getMasters());
            nodes.addAll(cluster.getSlaves());
        } else if (rc.isSingleConfig()) {
            nodes.add(client.getRedisNodes(RedisNodes.SINGLE).getInstance());
        } else {
            RedisMasterSlave ms = rc.isSentinelConfig() ? client.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE)
                    : client.getRedisNodes(RedisNodes.MASTER_SLAVE);
            nodes.add(ms.getMaster());
            nodes.addAll(ms.getSlaves());
        }
        Map<String, Optional<String>> out = new LinkedHashMap<>();
        for (RedisNode node : nodes) {
            String addr = node.getAddr().getHostString() + ":" + node.getAddr().getPort();
            try {
                out.put(addr, Optional.ofNullable(node.info(RedisNode.InfoSection.MEMORY).get("maxmemory_policy")));
            } catch (RuntimeException e) {
                out.put(addr, Optional.empty()); // a user without +info, say: the check says it cannot tell
            }
        }
        return out;
    }

    @Override
    public String backend() {
        return RedisStreamBackend.NAME;
    }

    @Override
    public TaskQueue queue(String name) {
        StreamQueue q = queues.get(name);
        if (q == null) {
            Task.requireQueueName(name);
            q = queues.size() >= 10_000
                    ? new StreamQueue(this, name) // a process naming endless queues: do not keep them all
                    : queues.computeIfAbsent(name, n -> new StreamQueue(this, n));
        }
        return CheckedTaskQueue.of(q);
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

    /**
     * Sends PING, tried again through a dropped connection (a server restarting, a connection killed
     * just after it was made) for up to {@code retry.for}, as every other call is. READ_WRITE, so
     * that the command is EVAL on every server: READ_ONLY is sent as EVAL_RO to Redis 7, which the
     * documented ACL line would then need as well.
     */
    @Override
    public void ping() {
        scripts.retrying("ping", resent -> client.getScript(StringCodec.INSTANCE)
                .eval(RScript.Mode.READ_WRITE, "return redis.call('PING')", RScript.ReturnType.STATUS));
    }

    /**
     * Test hook: appends {@code raw} as a stream entry of priority 0 of {@code queue}, as if it were
     * a stored task, so a test can check that undecodable data is dead-lettered and delivery carries on.
     */
    void storeRaw(String queue, String raw) {
        registerQueue(queue);
        String s = keys.prefixOf(queue) + "stream:0";
        client.getScript(StringCodec.INSTANCE).eval(s, RScript.Mode.READ_WRITE,
                "if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('XGROUP', 'CREATE', KEYS[1], 'spool', '0', 'MKSTREAM') end "
                        + "return redis.call('XADD', KEYS[1], '*', 'task', ARGV[1])",
                RScript.ReturnType.VALUE, List.of(s), raw);
    }

    /** The key names, in this broker's namespace. */
    Keys keys() {
        return keys;
    }

    /** Adds {@code queue} to {@code spool:queues} (in the namespace), once per process. */
    void registerQueue(String queue) {
        if (registered.contains(queue)) {
            return;
        }
        try {
            client.getSet(keys.names().queues(), StringCodec.INSTANCE).add(queue);
        } catch (RuntimeException e) {
            throw scripts.wrap("registering queue '" + queue + "'", e);
        }
        registered.add(queue);
    }

    /**
     * Before the first enqueue of a task with a deadline to {@code queue} (once per queue per broker):
     * sets the settings' {@code expiring} flag, which makes fetch look for expired tasks (expiry.lua).
     */
    void markExpiring(String queue) {
        if (expiring.contains(queue)) {
            return;
        }
        try {
            client.<String, String>getMap(keys.prefixOf(queue) + "settings", StringCodec.INSTANCE).fastPut("expiring", "1");
        } catch (RuntimeException e) {
            throw scripts.wrap("marking queue '" + queue + "' as holding tasks with a deadline", e);
        }
        expiring.add(queue);
    }

    /** After a fetch: removes gone consumers of {@code queue} when the maintenance interval has passed. */
    void maybeMaintain(String queue) {
        long now = System.nanoTime();
        Long last = maintainedAt.get(queue);
        if (last != null && now - last < settings.maintenanceInterval().toNanos()) {
            return;
        }
        maintainedAt.put(queue, now);
        maintain(queue, "");
    }

    /** Removes the gone consumers of {@code queue} (marking {@code closing} gone first); returns how many. */
    long maintain(String queue, String closing) {
        long staleBefore = clock().millis() - settings.consumerTimeout().toMillis();
        return StreamQueue.number(scripts.run(Scripts.Script.MAINTAIN, "removing gone consumers of queue '" + queue + "'",
                keys.prefixOf(queue) + "consumers", List.of(keys.prefixOf(queue) + "consumers"),
                commonArgs(queue, String.valueOf(staleBefore), closing)));
    }

    /** The four arguments every queue script starts with (now read from the clock), then {@code more}. */
    Object[] commonArgs(String queue, Object... more) {
        return commonArgsAt(queue, clock().millis(), more);
    }

    /** The four arguments every queue script starts with, for the instant {@code now}, then {@code more}. */
    Object[] commonArgsAt(String queue, long now, Object... more) {
        Object[] args = new Object[4 + more.length];
        args[0] = keys.prefixOf(queue);
        args[1] = String.valueOf(now);
        args[2] = deadMaxCount;
        args[3] = deadMaxAge;
        for (int i = 0; i < more.length; i++) {
            Object o = more[i];
            args[4 + i] = o instanceof String str ? str : String.valueOf(o);
        }
        return args;
    }

    /**
     * Closes the connections: this process's consumer is marked gone in the queues it fetched
     * from, and removed from their groups when it holds nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scripts.closing(); // no call is tried again from now on: a close must not wait for a server that is gone
        for (String q : new ArrayList<>(maintainedAt.keySet())) {
            try {
                maintain(q, consumer);
            } catch (RuntimeException e) {
                break; // best effort: a consumer left behind is removed by another broker's maintenance
            }
        }
        if (clock instanceof ServerClock c) {
            c.close();
        }
        client.shutdown(50, 5_000, TimeUnit.MILLISECONDS); // a short quiet period lets Netty finish closing
    }

    BackendConfig config() {
        return config;
    }

    Settings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    RedissonClient client() {
        return client;
    }

    Scripts scripts() {
        return scripts;
    }

    String consumer() {
        return consumer;
    }

    String where() {
        return where;
    }
}

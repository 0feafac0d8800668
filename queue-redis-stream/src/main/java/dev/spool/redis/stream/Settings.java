package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;
import dev.spool.api.SpoolException;
import dev.spool.redis.core.EvictionCheck;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The backend options of redis-stream, read once from {@link BackendConfig#options()} with their
 * defaults. The names are those of redis-list where the meaning is the same (so switching backends
 * changes only the backend name); every option is documented in the module's README. An unknown
 * option is an error naming the known ones; the dashed names of earlier versions are accepted as
 * deprecated aliases.
 *
 * @param deadMaxCount        most dead letters kept per queue ({@code dead.max-count}, 10000)
 * @param deadMaxAge          oldest dead letter kept ({@code dead.max-age}, 30d)
 * @param waitSlice           longest single blocking read of a waiting fetch before it looks at the
 *                            clock again, a safety net for clock jumps and leases taken after it blocked ({@code fetch.max-block}, 1s)
 * @param consumerTimeout     a consumer that has not fetched for this long (by the clock) and holds
 *                            nothing is removed from the consumer group ({@code consumer.timeout}, 10m)
 * @param maintenanceInterval how often (real time) a fetching broker removes gone consumers
 *                            ({@code consumer.maintenance-interval}, 30s)
 * @param reapBatch           most expired leases looked at per fetch ({@code reap.batch}, 100)
 * @param promoteBatch        most due delayed tasks moved per fetch ({@code promote.batch}, 1000)
 * @param timeout             Redisson's response timeout ({@code timeout.read}, 3s)
 * @param connectTimeout      Redisson's connect timeout ({@code timeout.connect}, 10s)
 * @param poolSize            connections per Redis master ({@code pool.size}, 64); each waiting fetch holds one
 * @param redissonConfig      a Redisson YAML config file used instead of the URL ({@code redisson.config}, none)
 * @param retryFor            how long a call that failed on the connection (server restarting, connection
 *                            killed, failover) is tried again before it throws ({@code retry.for}, 30s)
 * @param batchSize           tasks per script call of enqueueAll and ackAll ({@code batch.size}, 500)
 * @param replicasWait        replicas that must hold an enqueue call's tasks before it returns, 0 for no
 *                            {@code WAIT} at all ({@code replicas.wait}, 0)
 * @param replicasTimeout     the longest that {@code WAIT} blocks ({@code replicas.timeout}, 1s)
 * @param replicasFailShort   true to throw {@code NotReplicatedException} when fewer replicas confirmed in
 *                            time, false to log it ({@code replicas.shortfall}: {@code fail} or {@code log}, log)
 * @param evictionCheck       what a server whose maxmemory-policy may delete keys gets at connect
 *                            ({@code eviction.check}: {@code warn}, {@code refuse} or {@code off}, warn)
 */
record Settings(int deadMaxCount, Duration deadMaxAge, Duration waitSlice, Duration consumerTimeout,
                Duration maintenanceInterval, int reapBatch, int promoteBatch, Duration timeout,
                Duration connectTimeout, int poolSize, String redissonConfig, Duration retryFor, int batchSize,
                int replicasWait, Duration replicasTimeout, boolean replicasFailShort, EvictionCheck evictionCheck) {

    static final String DEAD_MAX_COUNT = "dead.max-count";
    static final String DEAD_MAX_AGE = "dead.max-age";
    static final String MAX_BLOCK = "fetch.max-block";
    static final String CONSUMER_TIMEOUT = "consumer.timeout";
    static final String MAINTENANCE_INTERVAL = "consumer.maintenance-interval";
    static final String REAP_BATCH = "reap.batch";
    static final String PROMOTE_BATCH = "promote.batch";
    static final String READ_TIMEOUT = "timeout.read";
    static final String CONNECT_TIMEOUT = "timeout.connect";
    static final String POOL_SIZE = "pool.size";
    static final String REDISSON_CONFIG = "redisson.config";
    static final String RETRY_FOR = "retry.for";
    static final String BATCH_SIZE = "batch.size";
    static final String REPLICAS_WAIT = "replicas.wait";
    static final String REPLICAS_TIMEOUT = "replicas.timeout";
    static final String REPLICAS_SHORTFALL = "replicas.shortfall";

    private static final Set<String> KNOWN = new TreeSet<>(Set.of(DEAD_MAX_COUNT, DEAD_MAX_AGE, MAX_BLOCK,
            CONSUMER_TIMEOUT, MAINTENANCE_INTERVAL, REAP_BATCH, PROMOTE_BATCH, READ_TIMEOUT, CONNECT_TIMEOUT,
            POOL_SIZE, REDISSON_CONFIG, RETRY_FOR, BATCH_SIZE, REPLICAS_WAIT, REPLICAS_TIMEOUT, REPLICAS_SHORTFALL,
            EvictionCheck.OPTION));

    /** The names of earlier versions (deprecated) and what they are now. */
    private static final Map<String, String> DEPRECATED = Map.ofEntries(
            Map.entry("dead-max-count", DEAD_MAX_COUNT), Map.entry("dead-max-age", DEAD_MAX_AGE),
            Map.entry("wait-slice", MAX_BLOCK), Map.entry("consumer-timeout", CONSUMER_TIMEOUT),
            Map.entry("maintenance-interval", MAINTENANCE_INTERVAL), Map.entry("reap-batch", REAP_BATCH),
            Map.entry("promote-batch", PROMOTE_BATCH), Map.entry("timeout", READ_TIMEOUT),
            Map.entry("connect-timeout", CONNECT_TIMEOUT), Map.entry("pool-size", POOL_SIZE),
            Map.entry("redisson-config", REDISSON_CONFIG), Map.entry("retry-for", RETRY_FOR));

    static Settings of(BackendConfig config) {
        BackendConfig c = normalized(config);
        return new Settings(
                positive(DEAD_MAX_COUNT, c.intOption(DEAD_MAX_COUNT, 10_000)),
                c.durationOption(DEAD_MAX_AGE, Duration.ofDays(30)),
                c.durationOption(MAX_BLOCK, Duration.ofSeconds(1)),
                c.durationOption(CONSUMER_TIMEOUT, Duration.ofMinutes(10)),
                c.durationOption(MAINTENANCE_INTERVAL, Duration.ofSeconds(30)),
                positive(REAP_BATCH, c.intOption(REAP_BATCH, 100)),
                positive(PROMOTE_BATCH, c.intOption(PROMOTE_BATCH, 1000)),
                c.durationOption(READ_TIMEOUT, Duration.ofSeconds(3)),
                c.durationOption(CONNECT_TIMEOUT, Duration.ofSeconds(10)),
                positive(POOL_SIZE, c.intOption(POOL_SIZE, 64)),
                c.option(REDISSON_CONFIG, null),
                c.durationOption(RETRY_FOR, Duration.ofSeconds(30)),
                positive(BATCH_SIZE, c.intOption(BATCH_SIZE, 500)),
                atLeastZero(REPLICAS_WAIT, c.intOption(REPLICAS_WAIT, 0)),
                positive(REPLICAS_TIMEOUT, c.durationOption(REPLICAS_TIMEOUT, Duration.ofSeconds(1))),
                shortfall(c.option(REPLICAS_SHORTFALL, "log")),
                EvictionCheck.of(c, RedisStreamBackend.NAME));
    }

    /** {@code replicas.shortfall}: {@code log} (the default) or {@code fail}; true for fail. */
    private static boolean shortfall(String given) {
        String v = given.trim();
        if (v.equalsIgnoreCase("log")) {
            return false;
        }
        if (v.equalsIgnoreCase("fail")) {
            return true;
        }
        throw new SpoolException("backend option '" + REPLICAS_SHORTFALL + "' is '" + given
                + "'; use 'log' (store on the master alone and log it) or 'fail' (throw NotReplicatedException)");
    }

    /** {@code config} with deprecated names replaced by the current ones; an unknown name is an error. */
    private static BackendConfig normalized(BackendConfig config) {
        Map<String, String> options = new TreeMap<>();
        Map<String, String> givenAs = new TreeMap<>();
        for (Map.Entry<String, String> e : config.options().entrySet()) {
            String key = e.getKey();
            String now = DEPRECATED.getOrDefault(key, key);
            if (!KNOWN.contains(now)) {
                throw new SpoolException("redis-stream: unknown backend option '" + key + "'; the options are " + KNOWN);
            }
            String before = options.put(now, e.getValue());
            if (before != null && !before.equals(e.getValue())) {
                throw new SpoolException("redis-stream: backend option '" + now + "' is given twice with different values (as '"
                        + givenAs.get(now) + "' and as '" + key + "', a deprecated name); give only '" + now + "'");
            }
            givenAs.put(now, key);
        }
        return new BackendConfig(config.url(), config.lease(), config.clock(), options);
    }

    private static int positive(String key, int value) {
        if (value < 1) {
            throw new SpoolException("backend option '" + key + "' is " + value + "; give 1 or more");
        }
        return value;
    }

    private static int atLeastZero(String key, int value) {
        if (value < 0) {
            throw new SpoolException("backend option '" + key + "' is " + value + "; give 0 (off) or more");
        }
        return value;
    }

    /** {@code value} when above zero (for {@code replicas.timeout}: a zero WAIT timeout would block for ever). */
    private static Duration positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new SpoolException("backend option '" + key + "' is " + value.toMillis() + "ms; give a positive duration such as 500ms or 1s");
        }
        return value;
    }
}

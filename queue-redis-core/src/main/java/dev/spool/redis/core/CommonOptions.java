package dev.spool.redis.core;

import dev.spool.api.BackendConfig;
import dev.spool.api.Durations;
import dev.spool.api.SpoolException;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * The backend options both Redis adapters read, parsed once: the same names, meanings, checks and
 * messages on {@code redis-list} and {@code redis-stream}, so that switching backends changes only
 * the backend's name. Each adapter adds its own options ({@link #of}'s {@code own}) and chooses the
 * defaults that depend on its client ({@link Defaults}); the adapters' READMEs list them all.
 *
 * @param poolSize          connections ({@code pool.size}); the adapter says per what
 * @param connectTimeout    to open a connection ({@code timeout.connect})
 * @param readTimeout       to wait for a reply ({@code timeout.read})
 * @param retrying          {@code retry.for} (30s), {@code retry.backoff} (50ms), {@code retry.backoff.max} (1s)
 * @param deadMaxCount      most dead letters kept per queue ({@code dead.max-count}, 10000)
 * @param deadMaxAge        oldest dead letter kept ({@code dead.max-age}, 30d)
 * @param maxBlock          longest single blocking wait of a waiting fetch before it looks at the clock
 *                          again ({@code fetch.max-block}, 1s)
 * @param reapBatch         most expired leases looked at per fetch ({@code reap.batch}, 100)
 * @param promoteBatch      most due delayed tasks moved per fetch ({@code promote.batch}, 1000)
 * @param batchSize         tasks per script call of enqueueAll, ackAll and renewAll ({@code batch.size})
 * @param replicasWait      replicas that must hold an enqueue's tasks before it returns, 0 for no
 *                          {@code WAIT} ({@code replicas.wait}, 0)
 * @param replicasTimeout   the longest a {@code WAIT} blocks ({@code replicas.timeout}, 1s)
 * @param replicasFailShort true to throw {@code NotReplicatedException} when fewer replicas confirmed
 *                          ({@code replicas.shortfall}: {@code log}, the default, or {@code fail})
 * @param evictionCheck     what a server whose maxmemory-policy may delete keys gets at connect
 *                          ({@code eviction.check}: {@code warn}, the default, {@code refuse} or {@code off})
 * @param serverClock       true to read leases and delays from the server's time ({@code clock}:
 *                          {@code server}, the default, or {@code local}; see {@link ServerClock})
 * @param keyNames          the key names, in the namespace of {@code namespace} (none by default)
 */
public record CommonOptions(int poolSize, Duration connectTimeout, Duration readTimeout, Retrying retrying,
                            int deadMaxCount, Duration deadMaxAge, Duration maxBlock, int reapBatch, int promoteBatch,
                            int batchSize, int replicasWait, Duration replicasTimeout, boolean replicasFailShort,
                            EvictionCheck evictionCheck, boolean serverClock, KeyNames keyNames) {

    public static final String POOL_SIZE = "pool.size";
    public static final String CONNECT_TIMEOUT = "timeout.connect";
    public static final String READ_TIMEOUT = "timeout.read";
    public static final String RETRY_FOR = "retry.for";
    public static final String RETRY_BACKOFF = "retry.backoff";
    public static final String RETRY_BACKOFF_MAX = "retry.backoff.max";
    public static final String DEAD_MAX_COUNT = "dead.max-count";
    public static final String DEAD_MAX_AGE = "dead.max-age";
    public static final String MAX_BLOCK = "fetch.max-block";
    public static final String REAP_BATCH = "reap.batch";
    public static final String PROMOTE_BATCH = "promote.batch";
    public static final String BATCH_SIZE = "batch.size";
    public static final String REPLICAS_WAIT = "replicas.wait";
    public static final String REPLICAS_TIMEOUT = "replicas.timeout";
    public static final String REPLICAS_SHORTFALL = "replicas.shortfall";

    /** Every option name read here. */
    public static final Set<String> NAMES = Set.of(POOL_SIZE, CONNECT_TIMEOUT, READ_TIMEOUT, RETRY_FOR, RETRY_BACKOFF,
            RETRY_BACKOFF_MAX, DEAD_MAX_COUNT, DEAD_MAX_AGE, MAX_BLOCK, REAP_BATCH, PROMOTE_BATCH, BATCH_SIZE,
            REPLICAS_WAIT, REPLICAS_TIMEOUT, REPLICAS_SHORTFALL, EvictionCheck.OPTION, ServerClock.OPTION, KeyNames.OPTION);

    private static KeyNames keyNames(String backend, String namespace) {
        try {
            return new KeyNames(namespace);
        } catch (SpoolException e) {
            throw new SpoolException(backend + ": " + e.getMessage());
        }
    }

    /** The defaults that depend on the adapter's client. */
    public record Defaults(int poolSize, Duration connectTimeout, Duration readTimeout, int batchSize) {
    }

    /**
     * Reads the common options of {@code config}; an option that is neither common nor in
     * {@code own} is an error naming every known one, so that a misspelt setting is not ignored.
     *
     * @throws SpoolException naming the backend, the option, the value and what to give instead
     */
    public static CommonOptions of(String backend, BackendConfig config, Defaults defaults, Set<String> own) {
        Set<String> known = new TreeSet<>(NAMES);
        known.addAll(own);
        for (String key : config.options().keySet()) {
            if (!known.contains(key)) {
                throw new SpoolException(backend + ": unknown backend option '" + key + "'; the options are " + known);
            }
        }
        Options o = new Options(backend, config);
        Duration backoff = o.positive(RETRY_BACKOFF, Duration.ofMillis(50));
        Duration backoffMax = o.positive(RETRY_BACKOFF_MAX, Duration.ofSeconds(1));
        if (backoffMax.compareTo(backoff) < 0) {
            throw new SpoolException(backend + ": backend option '" + RETRY_BACKOFF_MAX + "' is " + Durations.format(backoffMax)
                    + ", below '" + RETRY_BACKOFF + "' (" + Durations.format(backoff) + "); raise it");
        }
        return new CommonOptions(
                o.atLeast(POOL_SIZE, defaults.poolSize(), 2),
                o.positive(CONNECT_TIMEOUT, defaults.connectTimeout()),
                o.positive(READ_TIMEOUT, defaults.readTimeout()),
                new Retrying(o.atLeastZero(RETRY_FOR, Duration.ofSeconds(30)), backoff, backoffMax),
                o.atLeast(DEAD_MAX_COUNT, 10_000, 1),
                o.positive(DEAD_MAX_AGE, Duration.ofDays(30)),
                o.positive(MAX_BLOCK, Duration.ofSeconds(1)),
                o.atLeast(REAP_BATCH, 100, 1),
                o.atLeast(PROMOTE_BATCH, 1000, 1),
                o.atLeast(BATCH_SIZE, defaults.batchSize(), 1),
                o.atLeast(REPLICAS_WAIT, 0, 0),
                o.positive(REPLICAS_TIMEOUT, Duration.ofSeconds(1)),
                o.choice(REPLICAS_SHORTFALL, "log", "fail",
                        "'log' (store on the master alone and log it) or 'fail' (throw NotReplicatedException)"),
                EvictionCheck.of(config, backend),
                ServerClock.useServer(config.option(ServerClock.OPTION, null), backend),
                keyNames(backend, config.option(KeyNames.OPTION, null)));
    }
}

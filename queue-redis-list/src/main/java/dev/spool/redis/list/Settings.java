package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.SpoolException;
import dev.spool.redis.core.EvictionCheck;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * The backend options of {@code redis-list} (given through {@link BackendConfig#options()}), each
 * with its default. The README lists them; an unknown option is an error naming the known ones,
 * so that a misspelt setting is not silently ignored.
 */
record Settings(
        int poolSize,
        Duration poolWait,
        Duration connectTimeout,
        Duration readTimeout,
        Duration retryFor,
        Duration retryBackoff,
        Duration retryBackoffMax,
        boolean cluster,
        String clientName,
        int deadMaxCount,
        Duration deadMaxAge,
        Duration maxBlock,
        int reapBatch,
        int promoteBatch,
        int batchSize,
        String tlsCaCert,
        boolean tlsVerifyHost,
        int replicasWait,
        Duration replicasTimeout,
        boolean replicasFailShort,
        EvictionCheck evictionCheck) {

    static final String POOL_SIZE = "pool.size";
    static final String POOL_WAIT = "pool.wait";
    static final String CONNECT_TIMEOUT = "timeout.connect";
    static final String READ_TIMEOUT = "timeout.read";
    static final String RETRY_FOR = "retry.for";
    static final String RETRY_BACKOFF = "retry.backoff";
    static final String RETRY_BACKOFF_MAX = "retry.backoff.max";
    static final String CLUSTER = "cluster";
    static final String CLIENT_NAME = "client.name";
    static final String DEAD_MAX_COUNT = "dead.max-count";
    static final String DEAD_MAX_AGE = "dead.max-age";
    static final String MAX_BLOCK = "fetch.max-block";
    static final String REAP_BATCH = "reap.batch";
    static final String PROMOTE_BATCH = "promote.batch";
    static final String BATCH_SIZE = "batch.size";
    static final String TLS_CA_CERT = "tls.ca-cert";
    static final String TLS_VERIFY_HOST = "tls.verify-host";
    static final String REPLICAS_WAIT = "replicas.wait";
    static final String REPLICAS_TIMEOUT = "replicas.timeout";
    static final String REPLICAS_SHORTFALL = "replicas.shortfall";

    private static final Set<String> KNOWN = new TreeSet<>(Set.of(POOL_SIZE, POOL_WAIT, CONNECT_TIMEOUT, READ_TIMEOUT,
            RETRY_FOR, RETRY_BACKOFF, RETRY_BACKOFF_MAX, CLUSTER, CLIENT_NAME, DEAD_MAX_COUNT, DEAD_MAX_AGE, MAX_BLOCK,
            REAP_BATCH, PROMOTE_BATCH, BATCH_SIZE, TLS_CA_CERT, TLS_VERIFY_HOST, REPLICAS_WAIT, REPLICAS_TIMEOUT,
            REPLICAS_SHORTFALL, EvictionCheck.OPTION));

    /** Reads the options of {@code config}, applying the defaults. */
    static Settings of(BackendConfig config) {
        for (String key : config.options().keySet()) {
            if (!KNOWN.contains(key)) {
                throw new SpoolException("redis-list: unknown backend option '" + key + "'; the options are " + KNOWN);
            }
        }
        Settings s = new Settings(
                config.intOption(POOL_SIZE, 32),
                config.durationOption(POOL_WAIT, Duration.ofSeconds(5)),
                config.durationOption(CONNECT_TIMEOUT, Duration.ofSeconds(2)),
                config.durationOption(READ_TIMEOUT, Duration.ofSeconds(5)),
                config.durationOption(RETRY_FOR, Duration.ofSeconds(30)),
                config.durationOption(RETRY_BACKOFF, Duration.ofMillis(50)),
                config.durationOption(RETRY_BACKOFF_MAX, Duration.ofSeconds(1)),
                bool(config, CLUSTER, false),
                config.option(CLIENT_NAME, "spool"),
                config.intOption(DEAD_MAX_COUNT, 10_000),
                config.durationOption(DEAD_MAX_AGE, Duration.ofDays(30)),
                config.durationOption(MAX_BLOCK, Duration.ofSeconds(1)),
                config.intOption(REAP_BATCH, 100),
                config.intOption(PROMOTE_BATCH, 1000),
                config.intOption(BATCH_SIZE, 1000),
                config.option(TLS_CA_CERT, null),
                bool(config, TLS_VERIFY_HOST, true),
                config.intOption(REPLICAS_WAIT, 0),
                config.durationOption(REPLICAS_TIMEOUT, Duration.ofSeconds(1)),
                shortfall(config),
                EvictionCheck.of(config, "redis-list"));
        s.check();
        return s;
    }

    /** {@code replicas.shortfall}: {@code log} (the default) or {@code fail}; true for fail. */
    private static boolean shortfall(BackendConfig config) {
        String v = config.option(REPLICAS_SHORTFALL, "log").trim();
        if (v.equalsIgnoreCase("log")) return false;
        if (v.equalsIgnoreCase("fail")) return true;
        throw new SpoolException("redis-list: backend option '" + REPLICAS_SHORTFALL + "' is '" + v
                + "'; use 'log' (store on the master alone and log it) or 'fail' (throw NotReplicatedException)");
    }

    private void check() {
        atLeast(POOL_SIZE, poolSize, 2);
        atLeast(DEAD_MAX_COUNT, deadMaxCount, 1);
        atLeast(REAP_BATCH, reapBatch, 1);
        atLeast(PROMOTE_BATCH, promoteBatch, 1);
        atLeast(BATCH_SIZE, batchSize, 1);
        atLeast(REPLICAS_WAIT, replicasWait, 0);
        positive(REPLICAS_TIMEOUT, replicasTimeout);
        positive(CONNECT_TIMEOUT, connectTimeout);
        positive(READ_TIMEOUT, readTimeout);
        positive(RETRY_BACKOFF, retryBackoff);
        positive(MAX_BLOCK, maxBlock);
        positive(DEAD_MAX_AGE, deadMaxAge);
        if (retryBackoffMax.compareTo(retryBackoff) < 0) {
            throw new SpoolException("redis-list: backend option '" + RETRY_BACKOFF_MAX + "' is " + retryBackoffMax
                    + ", below '" + RETRY_BACKOFF + "' (" + retryBackoff + "); raise it");
        }
        if (clientName.isEmpty() || !clientName.matches("[A-Za-z0-9_.:-]+")) {
            throw new SpoolException("redis-list: backend option '" + CLIENT_NAME + "' is '" + clientName
                    + "'; use letters, digits and _ . : - only");
        }
    }

    private static void atLeast(String key, int value, int min) {
        if (value < min) {
            throw new SpoolException("redis-list: backend option '" + key + "' is " + value + "; use at least " + min);
        }
    }

    private static void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new SpoolException("redis-list: backend option '" + key + "' is " + value + "; use a positive duration");
        }
    }

    private static boolean bool(BackendConfig config, String key, boolean fallback) {
        String v = config.option(key, null);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase()) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new SpoolException("redis-list: backend option '" + key + "' is '" + v + "'; use true or false");
        };
    }
}

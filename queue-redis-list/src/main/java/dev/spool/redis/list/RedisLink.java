package dev.spool.redis.list;

import dev.spool.api.BackendException;
import dev.spool.redis.core.CommonOptions;
import dev.spool.redis.core.EvictionCheck;
import dev.spool.redis.core.LuaScript;
import dev.spool.redis.core.ServerErrors;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisClusterException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.clients.jedis.util.SafeEncoder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The adapter's edge to Jedis: one pooled client (a single server or a Cluster), and every call
 * made through it. Its duties:
 * <ol>
 *   <li>build the client from the URL and the settings (pool, timeouts, TLS, credentials);</li>
 *   <li>call scripts by SHA and re-send the source on NOSCRIPT ({@link LuaScript#call}, also in
 *       the pipeline with {@code WAIT});</li>
 *   <li>retry, with capped exponential backoff and jitter, what fails because a connection
 *       dropped or the server is restarting, loading or failing over, for up to {@code retry.for};</li>
 *   <li>wrap every Jedis exception in a {@link BackendException} naming the operation, the queue,
 *       the task id and the address, never the password.</li>
 * </ol>
 */
final class RedisLink implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisLink.class.getName());
    /** The re-send flag's value, see {@link #eval(LuaScript, List, List, int, String, String)}. */
    private static final byte[] ONE = {'1'};

    private final UnifiedJedis jedis;
    /** The cluster's connections by slot; null on a single server. */
    private final ClusterConnectionProvider cluster;
    private final RedisUrl url;
    private final Settings settings;
    private volatile boolean closed;

    private RedisLink(UnifiedJedis jedis, ClusterConnectionProvider cluster, RedisUrl url, Settings settings) {
        this.jedis = jedis;
        this.cluster = cluster;
        this.url = url;
        this.settings = settings;
    }

    /** Connects and checks with a PING that the server answers; fails fast (no retries). */
    static RedisLink open(RedisUrl url, Settings s) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(s.common().connectTimeout()))
                .socketTimeoutMillis(millis(s.common().readTimeout()))
                .blockingSocketTimeoutMillis(millis(s.common().maxBlock().plus(s.common().readTimeout())))
                .user(url.user())
                .password(url.password())
                .database(url.database())
                .clientName(s.clientName())
                .ssl(url.tls())
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED); // CLIENT SETINFO is Redis 7.2+
        if (url.tls()) {
            builder.sslParameters(Tls.parameters(s.tlsVerifyHost()));
            if (s.tlsCaCert() != null) {
                builder.sslSocketFactory(Tls.trusting(Path.of(s.tlsCaCert())));
            }
        }
        JedisClientConfig client = builder.build();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(s.common().poolSize());
        pool.setMaxIdle(s.common().poolSize());
        pool.setMinIdle(0);
        pool.setMaxWait(s.poolWait());
        pool.setBlockWhenExhausted(true);
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        String hint = url.tls() ? " (is it running, is that its tls-port, and is its certificate trusted (backend option '"
                + Settings.TLS_CA_CERT + "') and issued for that host name?)"
                : " (is it running, and are the address and credentials right?)";
        UnifiedJedis jedis;
        ClusterConnectionProvider cluster = null;
        try {
            // One attempt inside JedisCluster: its own retry would re-send a script without the re-send
            // flag (see eval), so every retry goes through call(). A MOVED still refreshes the slot
            // map there, and call() sends the command again to the right node.
            if (url.cluster()) {
                cluster = new ClusterConnectionProvider(new HashSet<>(url.hosts()), client, pool);
                jedis = new JedisCluster(cluster, 1, s.common().readTimeout().multipliedBy(2));
            } else {
                jedis = new JedisPooled(url.hosts().get(0), client, pool);
            }
        } catch (JedisException e) {
            throw new BackendException("redis-list: cannot connect to Redis " + (url.cluster() ? "Cluster " : "")
                    + "at " + url + ": " + scrub(e.getMessage(), url) + hint, e);
        }
        RedisLink link = new RedisLink(jedis, cluster, url, s);
        try {
            jedis.ping();
        } catch (JedisException e) {
            jedis.close();
            throw new BackendException("redis-list: Redis at " + url + " does not answer PING: "
                    + scrub(e.getMessage(), url) + hint, e);
        }
        try {
            s.common().evictionCheck().apply("redis-list", link.evictionPolicies());
        } catch (RuntimeException e) {
            jedis.close();
            throw e;
        }
        return link;
    }

    /** Each server's {@code maxmemory-policy} (every node of a Cluster), empty where it cannot be read. */
    Map<String, Optional<String>> evictionPolicies() {
        Map<String, Optional<String>> out = new LinkedHashMap<>();
        if (cluster == null) {
            out.put(url.hosts().get(0).toString(), info(() -> jedis.sendCommand(Protocol.Command.INFO, "memory")));
        } else {
            cluster.getNodes().forEach((node, pool) -> out.put(node, info(() -> {
                try (Connection c = pool.getResource()) {
                    return c.executeCommand(new CommandArguments(Protocol.Command.INFO).add("memory"));
                }
            })));
        }
        return out;
    }

    private static Optional<String> info(java.util.function.Supplier<Object> read) {
        try {
            Object reply = read.get();
            return EvictionCheck.policyIn(reply instanceof byte[] b ? SafeEncoder.encode(b) : reply == null ? null : reply.toString());
        } catch (JedisException e) {
            return Optional.empty(); // a user without +info, say: the check says it cannot tell
        }
    }

    /** True once {@link #close()} was called. */
    boolean closed() {
        return closed;
    }

    /** The URL with the password hidden. */
    RedisUrl url() {
        return url;
    }

    /**
     * Runs {@code script} by SHA, re-sending its source when the server has forgotten it. The keys
     * come encoded ({@link Keys#encoded()}); bulk strings in the reply are decoded to {@code String}
     * (UTF-8), as Jedis's String API would.
     */
    Object eval(LuaScript script, List<byte[]> keys, List<String> args, String queue, String taskId) {
        return eval(script, keys, args, -1, queue, taskId);
    }

    /**
     * As {@link #eval(LuaScript, List, List, String, String)}; when the call is sent again
     * after a failure (whose reply may have been lost after the script ran), {@code args[resentFlag]}
     * is set to {@code "1"} so that the script can answer for the first send instead of repeating it.
     */
    Object eval(LuaScript script, List<byte[]> keys, List<String> args, int resentFlag, String queue,
                String taskId) {
        return decode(evalBytes(script, keys, args, resentFlag, queue, taskId));
    }

    /**
     * As {@link #eval(LuaScript, List, List, int, String, String)}, answering bulk strings as
     * raw {@code byte[]} (not decoded), for replies that carry stored tasks: those are decoded
     * strictly by {@link dev.spool.api.spi.TaskCodec#decode(byte[])}, so that bytes that are not
     * UTF-8 are dead-lettered instead of delivered with U+FFFD in their place.
     */
    Object evalBytes(LuaScript script, List<byte[]> keys, List<String> args, int resentFlag, String queue,
                     String taskId) {
        List<byte[]> b = bytes(args);
        return call(script.name(), queue, taskId, (j, resent) -> {
            List<byte[]> a = b;
            if (resent && resentFlag >= 0) {
                a = new ArrayList<>(b);
                a.set(resentFlag, ONE);
            }
            List<byte[]> sent = a;
            return script.call(fullText -> fullText ? j.eval(script.sourceBytes(), keys, sent)
                    : j.evalsha(script.shaBytes(), keys, sent));
        });
    }

    private static List<byte[]> bytes(List<String> strings) {
        List<byte[]> out = new ArrayList<>(strings.size());
        for (String s : strings) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A raw reply with its bulk strings decoded (UTF-8), lists decoded element by element. */
    static Object decode(Object reply) {
        if (reply instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(decode(o));
            }
            return out;
        }
        return reply;
    }

    /**
     * As {@link #eval(LuaScript, List, List, int, String, String)}, followed on the same
     * connection by {@code WAIT replicas timeout}, so that the script's writes have reached that many
     * replicas before the call returns (a master that dies right after cannot take them with it).
     * Fewer acknowledging replicas within the timeout is logged ({@code failShort} false: the writes
     * are on the master) or thrown as a {@link ReplicaShortfall}, never retried here (the writes are
     * done; the caller decides whether to store the tasks again).
     */
    Object evalReplicated(LuaScript script, List<byte[]> keys, List<String> args, int resentFlag, int replicas,
                          Duration timeout, boolean failShort, String queue, String taskId) {
        List<byte[]> b = bytes(args);
        return decode(call(script.name(), queue, taskId, (j, resent) -> {
            List<byte[]> a = b;
            if (resent && resentFlag >= 0) {
                a = new ArrayList<>(b);
                a.set(resentFlag, ONE);
            }
            List<byte[]> sent = a;
            Object[] replyAndAcked;
            // WAIT counts the replicas that hold this connection's writes, so both go on one
            // connection: the pooled one of a single server, or the one of the key's slot in a
            // cluster (Jedis's cluster pipeline does not follow a MOVED; this path does, below).
            Connection c = cluster == null ? null : connectionFor(keys.get(0));
            try (PipelineBase p = c == null ? j.pipelined() : new Pipeline(c)) {
                replyAndAcked = script.call(fullText -> {
                    Response<Object> r = fullText ? p.eval(script.sourceBytes(), keys, sent)
                            : p.evalsha(script.shaBytes(), keys, sent);
                    Response<Long> w = p.waitReplicas(keys.get(0), replicas, timeout.toMillis());
                    p.sync();
                    return new Object[] {r.get(), w.get()};
                });
            } catch (JedisRedirectionException | JedisConnectionException e) {
                if (cluster == null) throw e;
                renewSlots();
                throw new JedisClusterOperationException("the slot of " + new String(keys.get(0), StandardCharsets.UTF_8)
                        + " moved or its node is gone (" + e.getMessage() + "); the slot map is renewed", e);
            } finally {
                if (c != null) c.close();
            }
            Object reply = replyAndAcked[0];
            long acked = (Long) replyAndAcked[1];
            if (acked < replicas) {
                if (failShort) {
                    throw new ReplicaShortfall((int) acked);
                }
                long got = acked;
                LOG.log(System.Logger.Level.WARNING, () -> "redis-list: " + describe(script.name(), queue, taskId)
                        + " reached " + got + " of " + replicas + " replicas within " + timeout.toMillis()
                        + " ms (backend option '" + CommonOptions.REPLICAS_WAIT + "'); it is stored on the master");
            }
            return reply;
        }));
    }

    private Connection connectionFor(byte[] key) {
        try {
            return cluster.getConnectionFromSlot(JedisClusterCRC16.getSlot(key));
        } catch (JedisConnectionException e) {
            renewSlots();
            throw e;
        }
    }

    /** Asks the cluster for its slot map again; a failure leaves the old one for the next try. */
    private void renewSlots() {
        try {
            cluster.renewSlotCache();
        } catch (JedisException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "redis-list: slot map not renewed yet: " + e.getMessage());
        }
    }

    /** Fewer replicas than asked confirmed a call's writes; the caller names its tasks. */
    static final class ReplicaShortfall extends RuntimeException {
        final int confirmed;

        ReplicaShortfall(int confirmed) {
            super(null, null, false, false);
            this.confirmed = confirmed;
        }
    }

    /** One operation on the client; {@code resent} is true when an earlier try of it failed. */
    @FunctionalInterface
    interface Op<T> {
        T apply(UnifiedJedis jedis, boolean resent);
    }

    /** As {@link #call(String, String, String, Op)} for an operation that is safe to repeat. */
    <T> T call(String what, String queue, String taskId, Function<UnifiedJedis, T> op) {
        return call(what, queue, taskId, (j, resent) -> op.apply(j));
    }

    /**
     * Runs {@code op}, retrying it through dropped connections and restarts for up to
     * {@code retry.for}; wraps what still fails in a {@link BackendException}.
     */
    <T> T call(String what, String queue, String taskId, Op<T> op) {
        return settings.common().retrying().call(resent -> op.apply(jedis, resent),
                e -> e instanceof JedisException je && retryable(je),
                () -> closed,
                e -> LOG.log(System.Logger.Level.WARNING, () -> "redis-list: " + describe(what, queue, taskId)
                        + " failed (" + scrub(e.getMessage(), url) + "); retrying for up to "
                        + settings.common().retrying().retryFor().toSeconds() + " s"),
                (e, tries, interrupted) -> giveUp(interrupted ? what + " (interrupted while retrying)" : what, queue,
                        taskId, e, tries));
    }

    /** What a call that failed for the last time throws: Jedis's exceptions wrapped, naming the call. */
    private RuntimeException giveUp(String what, String queue, String taskId, RuntimeException e, int tries) {
        if (!(e instanceof JedisException je)) {
            return e; // not the client's: the caller's own (a ReplicaShortfall, say)
        }
        BackendException refusal = ServerErrors.refusal(RedisListBackend.NAME, describe(what, queue, taskId),
                String.valueOf(url), je);
        return refusal != null ? refusal : wrap(what, queue, taskId, je, tries);
    }

    /**
     * Blocks on {@code key} for up to {@code millis} (a real-time wait on the server, not a poll)
     * and returns early when a token arrives. Connection trouble is not an error here: the next
     * call retries, after a short pause so that a down server is not hammered. A wake-up key of the
     * wrong type is: a {@link BackendException} naming it (waiting on it would never end early).
     */
    void await(String key, long millis, String queue) {
        try {
            jedis.blpop(Math.max(1, millis) / 1000.0, key);
        } catch (JedisDataException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("WRONGTYPE")) {
                throw wrongTypeWake(key, queue, e); // waiting on it could never end early: say so
            }
            pause(millis);
        } catch (JedisException e) {
            pause(millis);
        }
    }

    private BackendException wrongTypeWake(String key, String queue, JedisDataException e) {
        String holds;
        try {
            holds = jedis.type(key);
        } catch (JedisException again) {
            holds = "unknown";
        }
        return ResultCodes.wrongType(describe("fetch (waiting for work)", queue, null), key, holds, "list", e);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(Math.min(Math.max(1, millis), 100));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean retryable(JedisException e) {
        if (e instanceof JedisConnectionException || e instanceof JedisClusterOperationException
                || e instanceof JedisBusyException) {
            return true;
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof JedisDataException || e instanceof JedisClusterException) {
            return m.startsWith("LOADING") || m.startsWith("TRYAGAIN") || m.startsWith("CLUSTERDOWN")
                    || m.startsWith("MASTERDOWN") || m.startsWith("READONLY");
        }
        // "Could not get a resource from the pool" because a new connection could not be made
        return e.getCause() instanceof JedisConnectionException;
    }

    private BackendException wrap(String what, String queue, String taskId, JedisException e, int tries) {
        String hint = e.getMessage() != null && e.getMessage().contains("Could not get a resource")
                && !(e.getCause() instanceof JedisConnectionException)
                ? " (every pooled connection is busy: raise the backend option '" + CommonOptions.POOL_SIZE + "', now "
                + settings.common().poolSize() + ")" : "";
        return new BackendException("redis-list: " + describe(what, queue, taskId) + " failed at " + url
                + (tries > 1 ? " after " + tries + " tries" : "") + ": " + scrub(e.getMessage(), url) + hint, e);
    }

    private static String describe(String what, String queue, String taskId) {
        return what + (queue == null ? "" : " on queue '" + queue + "'") + (taskId == null ? "" : " (task " + taskId + ")");
    }

    /** {@code message} with the URL's password, should it appear, replaced by {@code ***}. */
    static String scrub(String message, RedisUrl url) {
        if (message == null) {
            return "(no message)";
        }
        String m = ServerErrors.withoutScriptTrace(message);
        String p = url.password();
        return p == null || p.isEmpty() ? m : m.replace(p, "***");
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    @Override
    public void close() {
        closed = true;
        jedis.close();
    }
}

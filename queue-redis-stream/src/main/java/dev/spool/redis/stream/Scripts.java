package dev.spool.redis.stream;

import dev.spool.api.BackendException;
import dev.spool.redis.core.LuaScript;
import dev.spool.redis.core.Retrying;
import dev.spool.redis.core.ServerErrors;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The Lua scripts of the backend: read once from the resources (with {@code --@include} lines
 * replaced by the named fragment, see {@link LuaScript}), called by SHA with a fallback to EVAL when the server does not
 * know the script (after a restart or a failover), and the one place where Redisson's exceptions
 * become {@link BackendException}s naming the operation, the queue and the task.
 */
final class Scripts {
    private static final System.Logger LOG = System.getLogger(Scripts.class.getName());

    /** One script per operation; the file name is the enum name in lower case. */
    enum Script {
        ENQUEUE, FETCH, ACK, SETTLE, RENEW, STATS, PURGE, DEAD, MAINTAIN, INFO, CANCEL, PROGRESS, PAGE, HISTORY, RUN_NOW, DELETE
    }

    /** What {@link #runReplicated} got: the script's reply and how many replicas confirmed its writes. */
    record Replicated(Object reply, int confirmed) {
    }

    private final RedissonClient client;
    private final RScript script;
    private final RScript bytesScript;
    private final Retrying retrying;
    private final String where;
    private final String password;
    private final Map<Script, LuaScript> sources = new EnumMap<>(Script.class);

    /** Set once the broker closes: from then on a failed call is not tried again. */
    private volatile boolean closing;

    /** The broker is closing: calls fail at their first failure instead of retrying for {@code retry.for}. */
    void closing() {
        closing = true;
    }

    Scripts(RedissonClient client, Retrying retrying, String where, String password) {
        this.client = client;
        this.script = client.getScript(StringCodec.INSTANCE);
        this.bytesScript = client.getScript(BytesCodec.INSTANCE);
        this.retrying = retrying;
        this.where = where;
        this.password = password;
        for (Script s : Script.values()) {
            sources.put(s, LuaScript.load(Scripts.class, "", s.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    /**
     * Runs {@code s} on the node of {@code routingKey}, returning what the script returns
     * (a List for a table, a Long for a number).
     *
     * @param what names the operation, the queue and the task for the error message
     */
    Object run(Script s, String what, String routingKey, List<Object> keys, Object... args) {
        return run(script, s, what, routingKey, keys, args);
    }

    /**
     * As {@link #run}, but the values of the reply are the raw {@code byte[]} (numbers stay Longs),
     * for replies that carry stored tasks: they are decoded strictly, refusing invalid UTF-8.
     */
    Object runBytes(Script s, String what, String routingKey, List<Object> keys, Object... args) {
        return run(bytesScript, s, what, routingKey, keys, args);
    }

    /** As {@link #run(Script, String, String, List, Object...)} for a script of queue-redis-core's. */
    Object run(LuaScript src, String what, String routingKey, List<Object> keys, Object... args) {
        return run(script, src, what, routingKey, keys, args);
    }

    private Object run(RScript script, Script s, String what, String routingKey, List<Object> keys, Object... args) {
        return run(script, sources.get(s), what, routingKey, keys, args);
    }

    private Object run(RScript script, LuaScript src, String what, String routingKey, List<Object> keys, Object... args) {
        return retrying(what, resent -> src.call(fullText -> fullText
                ? script.eval(routingKey, RScript.Mode.READ_WRITE, src.source(), RScript.ReturnType.MULTI, keys, args)
                : script.evalSha(routingKey, RScript.Mode.READ_WRITE, src.sha(), RScript.ReturnType.MULTI, keys, args)));
    }

    /**
     * {@code call} (told whether this is a re-send), tried again while it fails
     * {@linkplain #isTransient transiently}, as {@link Retrying} says ({@code retry.for},
     * {@code retry.backoff}, {@code retry.backoff.max}), and not once the broker is closing; what
     * still fails is thrown as a {@link BackendException} about {@code what}.
     */
    <T> T retrying(String what, java.util.function.Function<Boolean, T> call) {
        return retrying.call(call::apply, Scripts::isTransient, () -> closing,
                e -> LOG.log(System.Logger.Level.WARNING, () -> "redis-stream: " + what + " failed at " + where + " ("
                        + e.getClass().getSimpleName() + "); retrying for up to " + retrying.retryFor().toSeconds() + " s"),
                (e, tries, interrupted) -> wrap(interrupted ? what + " (interrupted while retrying)" : what, e));
    }

    /**
     * As {@link #run}, followed on the same connection by {@code WAIT replicas timeout} (a Redisson
     * batch with sync options: WAIT counts only the writes of the connection it is sent on, and the
     * batch sends both to the node of {@code routingKey}). Retried as {@link #run} is; how many
     * replicas confirmed is returned, not judged: the writes are done either way.
     *
     * @param memoKey  the enqueue memo of this call (see enqueue.lua): a re-sent call is answered from
     *                 it without writing, so on a re-send its TTL is refreshed ({@code memoMs}) in the
     *                 same batch, a write that makes the WAIT cover the first send's writes too
     */
    Replicated runReplicated(Script s, String what, String routingKey, List<Object> keys, int replicas,
                             Duration timeout, String memoKey, long memoMs, Object... args) {
        LuaScript src = sources.get(s);
        return retrying(what, resent -> src.call(fullText ->
                withWait(src, fullText, routingKey, keys, replicas, timeout, resent ? memoKey : null, memoMs, args)));
    }

    private Replicated withWait(LuaScript src, boolean fullText, String routingKey, List<Object> keys, int replicas,
                                Duration timeout, String touch, long touchMs, Object... args) {
        // Redisson appends the WAIT to the node's commands and adds its timeout to the response timeout
        RBatch batch = client.createBatch(BatchOptions.defaults().sync(replicas, timeout));
        RScriptAsync async = batch.getScript(StringCodec.INSTANCE);
        if (fullText) {
            async.evalAsync(routingKey, RScript.Mode.READ_WRITE, src.source(), RScript.ReturnType.MULTI, keys, args);
        } else {
            async.evalShaAsync(routingKey, RScript.Mode.READ_WRITE, src.sha(), RScript.ReturnType.MULTI, keys, args);
        }
        if (touch != null) {
            batch.getBucket(touch, StringCodec.INSTANCE).expireAsync(Duration.ofMillis(touchMs));
        }
        BatchResult<?> r = batch.execute();
        return new Replicated(r.getResponses().get(0), r.getSyncedSlaves());
    }

    /**
     * True for failures of the connection rather than of the call: the server is restarting or
     * loading its data, a connection was killed, a cluster is failing over. Trying again is safe:
     * every script either changes nothing when repeated (a token no longer held, an enqueue
     * remembered by its call id) or only leases what then expires and is delivered again.
     */
    static boolean isTransient(Throwable e) {
        if (TlsFailures.isCertificate(e)) {
            return false; // a refused certificate stays refused: say so now
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.redisson.RedissonShutdownException) {
                return false;
            }
            if (t instanceof org.redisson.client.RedisConnectionException
                    || t instanceof org.redisson.client.RedisTimeoutException
                    || t instanceof org.redisson.client.RedisRetryException
                    || t instanceof org.redisson.client.RedisLoadingException
                    || t instanceof org.redisson.client.RedisClusterDownException
                    || t instanceof org.redisson.client.RedisTryAgainException
                    || t instanceof org.redisson.client.RedisMasterDownException
                    || t instanceof org.redisson.client.RedisReconnectedException
                    || t instanceof org.redisson.client.RedisNodeNotFoundException
                    || t instanceof java.io.IOException) {
                return true;
            }
            String m = String.valueOf(t.getMessage());
            if (m.startsWith("LOADING") || m.contains("Connection closed") || m.contains("Connection reset")
                    || m.contains("connection was closed") || m.contains("READONLY")) {
                return true;
            }
        }
        return false;
    }

    /** {@code e} from Redisson as a {@link BackendException} about {@code what}. */
    BackendException wrap(String what, Throwable e) {
        BackendException refusal = ServerErrors.refusal(RedisStreamBackend.NAME, what, where, e);
        if (refusal != null) {
            return refusal;
        }
        String tls = TlsFailures.describe(e);
        if (tls != null) {
            return new BackendException("redis-stream: " + what + " failed at " + where + ": " + tls, e);
        }
        String msg = ServerErrors.withoutScriptTrace(String.valueOf(e.getMessage()));
        if (password != null && !password.isEmpty()) {
            msg = msg.replace(password, "***");
        }
        return new BackendException("redis-stream: " + what + " failed at " + where + ": "
                + e.getClass().getSimpleName() + ": " + msg, e);
    }
}

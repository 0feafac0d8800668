package dev.spool.redis.stream;

import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.NotReplicatedException;
import dev.spool.api.RetryResult;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.api.spi.TaskCodec;
import dev.spool.redis.core.AckPlan;
import dev.spool.redis.core.CommonOptions;
import dev.spool.redis.core.ProgressRecord;
import dev.spool.redis.core.Renewals;
import dev.spool.redis.core.Replies;
import dev.spool.redis.core.ServerClock;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The work path of one queue on Redis Streams: enqueue (with unique keys), and settling a
 * delivery (ack, retry, fail, renew, release), each one Lua script that checks the lease token
 * first. Fetching lives in {@link Fetcher}. Safe for use by many threads.
 */
final class StreamQueue implements TaskQueue {
    private static final System.Logger LOG = System.getLogger(StreamQueue.class.getName());
    /** Payload characters per enqueue script call (besides batch.size tasks): keeps each call short on the server. */
    private static final long ENQUEUE_CHUNK_CHARS = 4L << 20;

    private final RedisStreamBroker broker;
    private final String name;
    private final String prefix;
    private final Fetcher fetcher;
    private final String tokensKey;
    private final List<Object> tokensKeys;

    StreamQueue(RedisStreamBroker broker, String name) {
        this.broker = broker;
        this.name = name;
        this.prefix = broker.keys().prefixOf(name);
        this.fetcher = new Fetcher(broker, name);
        this.tokensKey = prefix + "tokens";
        this.tokensKeys = List.of(tokensKey);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public EnqueueResult enqueue(Task task) {
        return enqueueAll(List.of(task)).get(0);
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<Task> tasks) {
        List<EnqueueResult> results = new ArrayList<>(tasks.size());
        if (tasks.isEmpty()) {
            return results;
        }
        broker.registerQueue(name);
        if (tasks.stream().anyMatch(t -> t.expiresAt() != null)) {
            broker.markExpiring(name);
        }
        int batch = broker.settings().common().batchSize();
        int from = 0;
        while (from < tasks.size()) {
            int to = from;
            long chars = 0;
            while (to < tasks.size() && to - from < batch && (to == from || chars < ENQUEUE_CHUNK_CHARS)) {
                chars += tasks.get(to).payload().length();
                to++;
            }
            results.addAll(enqueueChunk(tasks.subList(from, to)));
            from = to;
        }
        return results;
    }

    private List<EnqueueResult> enqueueChunk(List<Task> chunk) {
        long now = broker.clock().millis();
        Instant at = Instant.ofEpochMilli(now);
        List<Task> stamped = new ArrayList<>(chunk.size());
        List<Object> more = new ArrayList<>(2 + chunk.size() * 8);
        more.add(chunk.size());
        long longestWindow = 0;
        for (Task task : chunk) {
            Task t = ServerClock.enqueued(broker.clock(), task, at);
            stamped.add(t);
            long window = (t.uniqueFor() != null ? t.uniqueFor() : Task.DEFAULT_UNIQUE_FOR).toMillis();
            longestWindow = Math.max(longestWindow, window);
            more.add(t.id());
            more.add(t.priority());
            more.add(t.runAt() == null ? 0 : t.runAt().toEpochMilli());
            more.add(task.id() != null ? "1" : ""); // only a caller-chosen id can be a duplicate
            more.add(t.uniqueKey() == null ? "" : t.uniqueKey());
            more.add(t.uniqueFor() != null ? "1" : "");
            more.add(now + window);
            more.add(TaskCodec.encode(t));
        }
        more.add(uniqueSafetyTtl(longestWindow));
        String callId = Tokens.next() + System.nanoTime();
        long memoMs = broker.settings().common().retrying().retryFor().toMillis() + 10_000; // outlives every retry of this call
        more.add(callId); // the call's id: a re-sent call is answered, not stored again
        more.add(memoMs);
        String what = "enqueue on queue '" + name + "'"
                + (chunk.size() == 1 ? " (task " + stamped.get(0).id() + ")" : " (" + chunk.size() + " tasks)");
        String key = prefix + "scheduled";
        Object[] args = broker.commonArgsAt(name, now, more.toArray());
        List<Object> r = list(broker.settings().common().replicasWait() == 0
                ? broker.scripts().run(Scripts.Script.ENQUEUE, what, key, List.of(key), args)
                : replicated(what, key, stamped, prefix + "sent:" + callId, memoMs, args));
        List<EnqueueResult> results = new ArrayList<>(chunk.size());
        for (int i = 0; i < stamped.size(); i++) {
            String id = stamped.get(i).id();
            results.add("A".equals(String.valueOf(r.get(2 * i))) ? EnqueueResult.accepted(id)
                    : EnqueueResult.duplicate(id, String.valueOf(r.get(2 * i + 1))));
        }
        return results;
    }

    /**
     * The enqueue script followed by {@code WAIT replicas.wait replicas.timeout}; fewer confirming
     * replicas is logged ({@code replicas.shortfall=log}) or thrown as a {@link NotReplicatedException}
     * naming the call's tasks ({@code fail}), never retried: the tasks are stored on the master.
     */
    private Object replicated(String what, String key, List<Task> stamped, String memoKey, long memoMs, Object[] args) {
        Settings s = broker.settings();
        int replicas = s.common().replicasWait();
        Scripts.Replicated rep = broker.scripts().runReplicated(Scripts.Script.ENQUEUE, what, key, List.of(key),
                replicas, s.common().replicasTimeout(), memoKey, memoMs, args);
        if (rep.confirmed() >= replicas) {
            return rep.reply();
        }
        if (s.common().replicasFailShort()) {
            throw NotReplicatedException.of("redis-stream", name, stamped.stream().map(Task::id).toList(),
                    rep.confirmed(), replicas, s.common().replicasTimeout());
        }
        LOG.log(System.Logger.Level.WARNING, () -> "redis-stream: " + what + " reached " + rep.confirmed() + " of "
                + replicas + " replicas within " + s.common().replicasTimeout().toMillis() + " ms (backend option '"
                + CommonOptions.REPLICAS_WAIT + "'); it is stored on the master");
        return rep.reply();
    }

    /** The real TTL of a unique key: a safety net for memory, well past the logical window. */
    static long uniqueSafetyTtl(long windowMs) {
        return windowMs * 2 + 60_000;
    }

    @Override
    public List<Delivery> fetch(int max, Duration wait) {
        return fetcher.fetch(max, wait, broker.config().lease());
    }

    @Override
    public List<Delivery> fetch(int max, Duration wait, Duration lease) {
        return fetcher.fetch(max, wait, lease);
    }

    @Override
    public boolean ack(Delivery d, String result) {
        return Replies.done(run(Scripts.Script.ACK, "ack of task " + d.id() + " on queue '" + name + "'", "tokens",
                ackArgs(List.of(d), result == null ? Map.of() : Map.of(d.id(), result))), RedisStreamBackend.NAME, "ack",
                name);
    }

    @Override
    public int ackAll(Collection<Delivery> deliveries, Map<String, String> results) {
        List<Delivery> all = List.copyOf(deliveries);
        int batch = broker.settings().common().batchSize();
        int acked = 0;
        for (int from = 0; from < all.size(); from += batch) {
            List<Delivery> part = all.subList(from, Math.min(all.size(), from + batch));
            acked += (int) Replies.number(run(Scripts.Script.ACK, "ack of " + part.size() + " tasks on queue '" + name
                    + "'", "tokens", ackArgs(part, results)), RedisStreamBackend.NAME, "ack", name);
        }
        return acked;
    }

    /** ack.lua's arguments, in {@link AckPlan}'s order: triples of token, retention, result; then tokens. */
    private static Object[] ackArgs(List<Delivery> deliveries, Map<String, String> results) {
        AckPlan plan = AckPlan.of(deliveries, results);
        List<Object> args = new ArrayList<>(deliveries.size() + 1 + 2 * plan.kept().size());
        args.add(plan.kept().size());
        for (Delivery d : plan.kept()) {
            args.add(d.leaseToken());
            args.add(AckPlan.retentionArg(d));
            args.add(AckPlan.resultArg(d, results));
        }
        for (Delivery d : plan.plain()) {
            args.add(d.leaseToken());
        }
        return args.toArray();
    }

    @Override
    public boolean progress(Delivery d, int percent, String detail) {
        return Replies.done(run(Scripts.Script.PROGRESS, "progress of task " + d.id() + " on queue '" + name + "'",
                "progress", d.id(), d.leaseToken(), percent, ProgressRecord.detailArg(detail)),
                RedisStreamBackend.NAME, "progress", name);
    }

    @Override
    public Set<String> cancelRequests(Collection<Delivery> deliveries) {
        Map<String, Delivery> byMember = new HashMap<>();
        for (Delivery d : deliveries) {
            int tilde = d.leaseToken().indexOf('~'); // a token is "<p>:<entryId>~<random>"
            if (tilde > 0) {
                byMember.put(d.leaseToken().substring(0, tilde), d);
            }
        }
        Set<String> out = new HashSet<>();
        try {
            Set<String> flagged = broker.client().<String, String>getMap(prefix + "cancel", StringCodec.INSTANCE)
                    .getAll(byMember.keySet()).keySet();
            if (flagged.isEmpty()) {
                return out; // the common case: one HMGET
            }
            // a flag outlives an ack (cancel.lua drops it later): only a delivery whose lease still holds counts
            Map<String, String> leases = broker.client().<String, String>getMap(tokensKey, StringCodec.INSTANCE)
                    .getAll(flagged);
            for (String member : flagged) {
                Delivery d = byMember.get(member);
                String lease = leases.get(member);
                if (lease != null && lease.endsWith("|" + d.leaseToken())) {
                    out.add(d.id());
                }
            }
        } catch (RuntimeException e) {
            throw broker.scripts().wrap("reading cancel requests of queue '" + name + "'", e);
        }
        return out;
    }

    @Override
    public RetryResult retry(Delivery d, Duration delay, String error) {
        return Replies.retry(settle(d, "retry", delay.toMillis(), error), RedisStreamBackend.NAME, "settle", name);
    }

    @Override
    public boolean fail(Delivery d, String error) {
        // answers DEAD_LETTERED when done
        return Replies.retry(settle(d, "fail", 0, error), RedisStreamBackend.NAME, "settle", name) != RetryResult.LEASE_LOST;
    }

    @Override
    public boolean renew(Delivery d, Duration leaseFor) {
        return !renewAll(List.of(d), leaseFor).isEmpty();
    }

    @Override
    public List<Delivery> renewAll(Collection<Delivery> deliveries, Duration leaseFor) {
        return Renewals.renew(deliveries, leaseFor, broker.settings().common().batchSize(), broker.clock()::millis,
                (part, now, deadline) -> {
                    List<Object> args = new ArrayList<>(part.size() + 1);
                    args.add(leaseFor.toMillis());
                    part.forEach(d -> args.add(d.leaseToken()));
                    String what = part.size() == 1 ? "renew of task " + part.get(0).id() + " on queue '" + name + "'"
                            : "renew of " + part.size() + " tasks on queue '" + name + "'";
                    return broker.scripts().run(Scripts.Script.RENEW, what, tokensKey, tokensKeys,
                            broker.commonArgsAt(name, now, args.toArray()));
                }, RedisStreamBackend.NAME, name);
    }

    @Override
    public boolean release(Delivery d, Duration delay) {
        return Replies.done(settle(d, "release", delay.toMillis(), ""), RedisStreamBackend.NAME, "settle", name);
    }

    private Object settle(Delivery d, String what, long ms, String error) {
        return run(Scripts.Script.SETTLE, what + " of task " + d.id() + " on queue '" + name + "'", "tokens",
                d.leaseToken(), what, ms, error);
    }

    private Object run(Scripts.Script s, String what, String routingKey, Object... more) {
        if (routingKey.equals("tokens")) {
            return broker.scripts().run(s, what, tokensKey, tokensKeys, broker.commonArgs(name, more));
        }
        return broker.scripts().run(s, what, prefix + routingKey, List.of(prefix + routingKey),
                broker.commonArgs(name, more));
    }

    /** A count the scripts answer (a number, or its text; absent reads as 0). Never a result code: see {@link Replies}. */
    static long number(Object o) {
        if (o instanceof List<?> l) {
            return l.isEmpty() ? 0 : number(l.get(0));
        }
        if (o instanceof Number n) {
            return n.longValue();
        }
        return o == null ? 0 : Long.parseLong(BytesCodec.text(o));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o; // an empty table, as Redisson may give it
    }
}

package dev.spool.redis.list;

import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.NotReplicatedException;
import dev.spool.api.RetryResult;
import dev.spool.api.Task;
import dev.spool.api.TaskDecodeException;
import dev.spool.api.TaskQueue;
import dev.spool.api.spi.TaskCodec;
import dev.spool.redis.core.AckPlan;
import dev.spool.redis.core.ProgressRecord;
import dev.spool.redis.core.Renewals;
import dev.spool.redis.core.ServerClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static dev.spool.redis.list.ResultCodes.list;
import static dev.spool.redis.list.ResultCodes.number;
import static dev.spool.redis.list.ResultCodes.string;

/**
 * One queue on Redis lists and sorted sets. Its duties:
 * <ol>
 *   <li>turn each operation of the port into one script call (a batch of enqueues, fetches or
 *       acks is one call per {@code batch.size} tasks);</li>
 *   <li>stamp tasks (id, createdAt) and encode them with {@link TaskCodec}; decode deliveries,
 *       and dead-letter what does not decode, carrying on with the rest;</li>
 *   <li>wait for work by blocking on the queue's wake-up list, never by polling.</li>
 * </ol>
 * Every time that matters (runAt, lease deadlines, unique windows) comes from the broker's clock;
 * only the {@code wait} of a fetch is real time.
 */
final class RedisListQueue implements TaskQueue {
    private static final System.Logger LOG = System.getLogger(RedisListQueue.class.getName());
    /** How long a unique lock outlives its logical end in Redis, so clock skew never frees it early. */
    private static final long UNIQUE_SAFETY_MS = Duration.ofMinutes(1).toMillis();
    /** Where enqueue.lua and fetch.lua read whether the call is a re-send (ARGV 6 and 10, 0-based here). */
    private static final int RESENT_FLAG = 5;
    private static final int FETCH_RESENT_FLAG = 9;
    /** Stored tasks sent per enqueue call at most, in characters, far below Redis's 1 GB query buffer. */
    private static final long MAX_CALL_CHARS = 16L * 1024 * 1024;
    /** The longest wait of one fetch; longer ones are cut to it. */
    private static final Duration MAX_WAIT = Duration.ofDays(1);

    private final RedisListBroker broker;
    private final RedisLink link;
    private final String name;
    private final Keys keys;

    RedisListQueue(RedisListBroker broker, String name) {
        this.broker = broker;
        this.link = broker.link();
        this.name = name;
        this.keys = broker.keys(name);
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
        if (tasks.isEmpty()) {
            return List.of();
        }
        broker.register(name, tasks.size() == 1 ? tasks.get(0).id() : null);
        if (tasks.stream().anyMatch(t -> t.expiresAt() != null)) {
            broker.markExpiring(name, keys);
        }
        List<EnqueueResult> results = new ArrayList<>(tasks.size());
        int batch = broker.settings().common().batchSize();
        long now = broker.clock().millis();
        Instant nowInstant = Instant.ofEpochMilli(now);
        List<String> ids = new ArrayList<>();
        List<String> specs = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        long bytes = 0;
        for (Task task : tasks) {
            Task t = ServerClock.enqueued(broker.clock(), task, nowInstant);
            String body = TaskCodec.encode(t);
            ids.add(t.id());
            specs.add(spec(t, now, task.id() != null));
            stored.add(body);
            bytes += body.length();
            if (ids.size() >= batch || bytes >= MAX_CALL_CHARS) { // large payloads: several calls
                enqueueChunk(now, ids, specs, stored, results);
                ids.clear();
                specs.clear();
                stored.clear();
                bytes = 0;
                now = broker.clock().millis();
                nowInstant = Instant.ofEpochMilli(now);
            }
        }
        if (!ids.isEmpty()) {
            enqueueChunk(now, ids, specs, stored, results);
        }
        return results;
    }

    private void enqueueChunk(long now, List<String> ids, List<String> specs, List<String> stored,
                              List<EnqueueResult> results) {
        List<String> args = broker.args(keys, now);
        args.add(Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(System.nanoTime()));
        args.add("0"); // set to 1 by RedisLink when it sends the call again
        args.add(Integer.toString(ids.size()));
        for (int i = 0; i < ids.size(); i++) {
            args.add(specs.get(i));
            args.add(stored.get(i));
        }
        String taskId = ids.size() == 1 ? ids.get(0) : null;
        int replicas = broker.settings().common().replicasWait();
        Object reply;
        try {
            reply = replicas == 0
                    ? link.eval(Scripts.ENQUEUE, keys.encoded(), args, RESENT_FLAG, name, taskId)
                    : link.evalReplicated(Scripts.ENQUEUE, keys.encoded(), args, RESENT_FLAG, replicas,
                            broker.settings().common().replicasTimeout(), broker.settings().common().replicasFailShort(), name, taskId);
        } catch (RedisLink.ReplicaShortfall e) {
            throw NotReplicatedException.of("redis-list", name, ids, e.confirmed, replicas,
                    broker.settings().common().replicasTimeout());
        }
        List<Object> verdicts = list(reply, "enqueue", name);
        if (verdicts.size() != ids.size()) {
            throw ResultCodes.unexpected(reply, "enqueue", name);
        }
        for (int i = 0; i < ids.size(); i++) {
            String holder = string(verdicts.get(i));
            results.add(holder == null || holder.isEmpty() ? EnqueueResult.accepted(ids.get(i))
                    : EnqueueResult.duplicate(ids.get(i), holder));
        }
    }

    /** How enqueue.lua should store {@code t}: see the header of the script. */
    private static String spec(Task t, long now, boolean chosenId) {
        long runAt = t.runAt() == null ? 0 : t.runAt().toEpochMilli();
        if (t.uniqueKey() == null && runAt <= now && !chosenId) {
            return Integer.toString(t.priority()); // the common case: one character
        }
        StringBuilder b = new StringBuilder(64).append(t.priority()).append('|').append(runAt).append('|')
                .append(t.id()).append('|');
        char chosen = chosenId ? '1' : '0';
        if (t.uniqueKey() == null) {
            return b.append("|0|0|").append(chosen).append('|').toString();
        }
        boolean window = t.uniqueFor() != null;
        long span = (window ? t.uniqueFor() : Task.DEFAULT_UNIQUE_FOR).toMillis();
        return b.append(window ? 'w' : 'h').append('|').append(now + span).append('|').append(span + UNIQUE_SAFETY_MS)
                .append('|').append(chosen).append('|').append(t.uniqueKey()).toString();
    }

    @Override
    public List<Delivery> fetch(int max, Duration wait) {
        return fetch(max, wait, broker.defaultLease());
    }

    @Override
    public List<Delivery> fetch(int max, Duration wait, Duration lease) {
        long end = System.nanoTime() + (wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait).toNanos(); // FOREVER would overflow
        while (true) {
            long now = broker.clock().millis();
            List<String> args = broker.args(keys, now);
            args.add(Integer.toString(max));
            args.add(Long.toString(lease.toMillis()));
            args.add(Long.toHexString(ThreadLocalRandom.current().nextLong()) + ":");
            args.add(Integer.toString(broker.settings().common().reapBatch()));
            args.add(Integer.toString(Math.max(broker.settings().common().promoteBatch(), max)));
            args.add("0"); // set to 1 by RedisLink when it sends the call again
            args.add(broker.holder());
            List<Object> reply = list(link.evalBytes(Scripts.FETCH, keys.encoded(), args, FETCH_RESENT_FLAG, name, null),
                    "fetch", name);
            long code = number(reply.get(0), "fetch", name);
            if (code == ResultCodes.FETCH_LEASED) {
                List<Delivery> out = deliveries(reply);
                if (!out.isEmpty()) {
                    return out;
                }
                continue; // only undecodable entries, now dead letters: look again at once
            }
            if (code != ResultCodes.FETCH_EMPTY && code != ResultCodes.FETCH_PAUSED) {
                throw ResultCodes.unexpected(reply, "fetch", name);
            }
            long remainingNanos = end - System.nanoTime();
            if (remainingNanos <= 0) {
                return List.of();
            }
            long block = Math.min((remainingNanos + 999_999) / 1_000_000, broker.settings().common().maxBlock().toMillis());
            long dueIn = code == ResultCodes.FETCH_EMPTY ? number(reply.get(1), "fetch", name) : -1;
            if (dueIn >= 0) {
                block = Math.min(block, Math.max(1, dueIn));
            }
            link.await(keys.wake(), block, name);
            if (link.closed()) {
                return List.of(); // the broker was closed while this fetch waited
            }
        }
    }

    private List<Delivery> deliveries(List<Object> reply) {
        Instant deadline = Instant.ofEpochMilli(number(reply.get(1), "fetch", name));
        List<Delivery> out = new ArrayList<>((reply.size() - 2) / 4);
        for (int i = 2; i + 3 < reply.size(); i += 4) {
            String id = string(reply.get(i));
            Object stored = reply.get(i + 1);
            int attempt = (int) number(reply.get(i + 2), "fetch", name);
            String token = string(reply.get(i + 3));
            Task task;
            if (stored == null) {
                deadLetterUndecodable(id, token, "ready task " + id + " lost its stored body");
                continue;
            }
            try {
                task = (stored instanceof byte[] b ? TaskCodec.decode(b) : TaskCodec.decode(string(stored)))
                        .withAttempt(attempt);
            } catch (TaskDecodeException e) {
                deadLetterUndecodable(id, token, e.getMessage());
                continue;
            }
            out.add(new Delivery(name, task, token, deadline));
        }
        return out;
    }

    private void deadLetterUndecodable(String id, String token, String reason) {
        LOG.log(System.Logger.Level.WARNING, () -> "redis-list: queue '" + name + "': entry " + id
                + " is not a task and goes to the dead letters: " + reason);
        link.eval(Scripts.FAIL, keys.encoded(), withArgs(id, token, reason), name, id);
    }

    @Override
    public boolean ack(Delivery delivery, String result) {
        Object reply = link.eval(Scripts.ACK, keys.encoded(), ackArgs(List.of(delivery), result == null ? Map.of()
                : Map.of(delivery.id(), result)), name, delivery.id());
        return number(reply, "ack", name) == 1;
    }

    @Override
    public int ackAll(Collection<Delivery> deliveries, Map<String, String> results) {
        List<Delivery> all = List.copyOf(deliveries);
        int batch = broker.settings().common().batchSize();
        int acked = 0;
        for (int from = 0; from < all.size(); from += batch) {
            List<String> args = ackArgs(all.subList(from, Math.min(all.size(), from + batch)), results);
            acked += (int) number(link.eval(Scripts.ACK, keys.encoded(), args, name, null), "ack", name);
        }
        return acked;
    }

    /** ack.lua's arguments, in {@link AckPlan}'s order: quadruples of id, token, retention, result; then pairs. */
    private List<String> ackArgs(List<Delivery> deliveries, Map<String, String> results) {
        AckPlan plan = AckPlan.of(deliveries, results);
        List<String> args = broker.args(keys, broker.clock().millis());
        args.add(Integer.toString(plan.kept().size()));
        for (Delivery d : plan.kept()) {
            args.addAll(List.of(d.id(), d.leaseToken(), AckPlan.retentionArg(d), AckPlan.resultArg(d, results)));
        }
        for (Delivery d : plan.plain()) {
            args.add(d.id());
            args.add(d.leaseToken());
        }
        return args;
    }

    @Override
    public RetryResult retry(Delivery delivery, Duration delay, String error) {
        long now = broker.clock().millis();
        long runAt = now + delay.toMillis();
        List<String> args = args(now, delivery.id(), delivery.leaseToken(), Long.toString(runAt), error);
        return ResultCodes.retry(link.eval(Scripts.RETRY, keys.encoded(), args, name, delivery.id()), name);
    }

    @Override
    public boolean fail(Delivery delivery, String error) {
        List<String> args = withArgs(delivery.id(), delivery.leaseToken(), error);
        return ResultCodes.done(link.eval(Scripts.FAIL, keys.encoded(), args, name, delivery.id()), "fail", name);
    }

    @Override
    public boolean renew(Delivery delivery, Duration leaseFor) {
        return !renewAll(List.of(delivery), leaseFor).isEmpty();
    }

    @Override
    public List<Delivery> renewAll(Collection<Delivery> deliveries, Duration leaseFor) {
        return Renewals.renew(deliveries, leaseFor, broker.settings().common().batchSize(), broker.clock()::millis,
                (part, now, deadline) -> {
                    List<String> args = args(now, Long.toString(deadline));
                    for (Delivery d : part) {
                        args.add(d.id());
                        args.add(d.leaseToken());
                    }
                    return link.eval(Scripts.RENEW, keys.encoded(), args, name, part.size() == 1 ? part.get(0).id() : null);
                }, RedisListBackend.NAME, name);
    }

    @Override
    public boolean progress(Delivery delivery, int percent, String detail) {
        List<String> args = withArgs(delivery.id(), delivery.leaseToken(), Integer.toString(percent),
                ProgressRecord.detailArg(detail));
        return ResultCodes.done(link.eval(Scripts.PROGRESS, keys.encoded(), args, name, delivery.id()), "progress", name);
    }

    @Override
    public Set<String> cancelRequests(Collection<Delivery> deliveries) {
        String[] ids = deliveries.stream().map(Delivery::id).distinct().toArray(String[]::new);
        List<String> flags = link.call("reading cancel requests", name, null, j -> j.hmget(keys.cancel(), ids));
        Set<String> out = new HashSet<>();
        for (int i = 0; i < ids.length; i++) {
            if (flags.get(i) != null) {
                out.add(ids[i]);
            }
        }
        return out;
    }

    @Override
    public boolean release(Delivery delivery, Duration delay) {
        List<String> args = withArgs(delivery.id(), delivery.leaseToken(), Long.toString(delay.toMillis()));
        return ResultCodes.done(link.eval(Scripts.RELEASE, keys.encoded(), args, name, delivery.id()), "release", name);
    }

    /** Reaps expired leases and promotes due delayed tasks now; returns {reaped, promoted}. */
    long[] reap() {
        List<String> args = broker.args(keys, broker.clock().millis());
        args.add(Integer.toString(broker.settings().common().reapBatch()));
        args.add(Integer.toString(broker.settings().common().promoteBatch()));
        List<Object> reply = list(link.eval(Scripts.REAP, keys.encoded(), args, name, null), "reap", name);
        return new long[] {number(reply.get(0), "reap", name), number(reply.get(1), "reap", name)};
    }

    private List<String> withArgs(String... more) {
        return args(broker.clock().millis(), more);
    }

    private List<String> args(long now, String... more) {
        List<String> args = broker.args(keys, now);
        args.addAll(List.of(more));
        return args;
    }
}

package dev.spool.redis.stream;

import dev.spool.api.Delivery;
import dev.spool.api.Task;
import dev.spool.api.TaskDecodeException;
import dev.spool.api.spi.TaskCodec;
import org.redisson.api.RStream;
import org.redisson.api.StreamMessageId;
import org.redisson.api.stream.StreamMultiReadArgs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetch for one queue:
 * <ol>
 *   <li>runs fetch.lua, which reaps expired leases, promotes due delayed tasks and leases ready
 *       entries atomically, all judged by the broker's clock;</li>
 *   <li>decodes what it got; data that is not a task is dead-lettered with the reason (under the
 *       delivery's own lease token) and fetching carries on;</li>
 *   <li>when nothing was ready, blocks on the server with {@code XREAD BLOCK} on the priority streams
 *       (from the group's last delivered ids) and the queue's wake stream (which scripts add to when
 *       a task is scheduled or handed back), for at most the time left, the time to the next due
 *       delayed task or lease deadline, and the wait slice, then looks again.</li>
 * </ol>
 * The blocking read only wakes the fetch; it takes nothing (plain XREAD, not XREADGROUP), so an
 * entry is only ever delivered by the script that also records its lease.
 */
final class Fetcher {
    private final RedisStreamBroker broker;
    private final String queue;
    private final String prefix;
    private final RStream<String, String> top;
    private final List<String> streams = new ArrayList<>();
    private final String leasesKey;
    private final List<Object> leasesKeys;
    private final String tokensKey;
    private final List<Object> tokensKeys;
    private final String what;

    Fetcher(RedisStreamBroker broker, String queue) {
        this.broker = broker;
        this.queue = queue;
        this.prefix = broker.keys().prefixOf(queue);
        for (int p = Task.MAX_PRIORITY; p >= Task.MIN_PRIORITY; p--) {
            streams.add(broker.keys().streamOf(queue, p));
        }
        streams.add(prefix + "wake");
        this.top = broker.client().getStream(streams.get(0), WakeCodec.INSTANCE); // what it reads is not looked at
        this.leasesKey = prefix + "leases";
        this.leasesKeys = List.of(leasesKey);
        this.tokensKey = prefix + "tokens";
        this.tokensKeys = List.of(tokensKey);
        this.what = "fetch from queue '" + queue + "'";
    }

    List<Delivery> fetch(int max, Duration wait, Duration lease) {
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        long leaseMs = lease.toMillis();
        Settings s = broker.settings();
        while (true) {
            long now = broker.clock().millis();
            List<Object> r = StreamQueue.list(broker.scripts().runBytes(Scripts.Script.FETCH, what,
                    leasesKey, leasesKeys, broker.commonArgsAt(queue, now, max, leaseMs,
                            broker.consumer(), Tokens.next(), s.common().reapBatch(), s.common().promoteBatch())));
            broker.maybeMaintain(queue);
            String kind = BytesCodec.text(r.get(0));
            if (kind.equals("D")) {
                List<Delivery> out = decode(r, now, leaseMs);
                if (!out.isEmpty()) {
                    return out;
                }
                continue; // it was all undecodable and is dead-lettered now: look again at once
            }
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0 || Thread.currentThread().isInterrupted()) {
                return List.of();
            }
            long blockMs = Math.min(leftMs, s.common().maxBlock().toMillis());
            if (kind.equals("P")) {
                sleep(Math.min(blockMs, 250)); // paused: nothing on the server to block on
                continue;
            }
            if (kind.equals("L")) {
                sleep(Math.max(1, Math.min(blockMs, until(r.get(1), 0)))); // held back by a limit until then
                continue;
            }
            blockMs = Math.min(blockMs, until(r.get(1), now));
            blockMs = Math.min(blockMs, until(r.get(2), now));
            block(Math.max(1, blockMs), r.subList(3, 3 + streams.size()));
        }
    }

    private List<Delivery> decode(List<Object> r, long now, long leaseMs) {
        List<Delivery> out = new ArrayList<>((r.size() - 1) / 6);
        Instant deadline = Instant.ofEpochMilli(now + leaseMs);
        for (int i = 1; i + 6 <= r.size(); i += 6) {
            String p = BytesCodec.text(r.get(i));
            String entryId = BytesCodec.text(r.get(i + 1));
            String token = BytesCodec.text(r.get(i + 2));
            int attempt = Integer.parseInt(BytesCodec.text(r.get(i + 3)));
            String idField = BytesCodec.text(r.get(i + 4));
            byte[] body = BytesCodec.bytes(r.get(i + 5));
            try {
                Task task = TaskCodec.decode(body).withAttempt(attempt);
                out.add(new Delivery(queue, task, token, deadline));
            } catch (TaskDecodeException bad) {
                String id = !idField.isEmpty() ? idField : TaskCodec.peekId(BytesCodec.text(body));
                if (id == null) {
                    id = "undecodable-" + p + "-" + entryId;
                }
                broker.scripts().run(Scripts.Script.SETTLE, "dead-lettering undecodable entry " + entryId + " of queue '"
                        + queue + "'", tokensKey, tokensKeys,
                        broker.commonArgs(queue, token, "bury", id, bad.getMessage()));
            }
        }
        return out;
    }

    /** Milliseconds from {@code now} to the epoch-ms {@code at}, or Long.MAX_VALUE when there is none. */
    private static long until(Object at, long now) {
        String s = BytesCodec.text(at);
        if (at == null || s.isEmpty()) {
            return Long.MAX_VALUE;
        }
        return (long) Double.parseDouble(s) - now;
    }

    /** Waits on the server until an entry is added after {@code lastIds} (streams 9..0) or {@code ms} pass. */
    private void block(long ms, List<Object> lastIds) {
        Map<String, StreamMessageId> others = new LinkedHashMap<>();
        for (int i = 1; i < streams.size(); i++) {
            others.put(streams.get(i), id(lastIds.get(i)));
        }
        try {
            top.read(StreamMultiReadArgs.greaterThan(id(lastIds.get(0)), others).count(1).timeout(Duration.ofMillis(ms)));
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            // A ClassCastException here is Redisson decoding the reply of a connection that died under
            // the read (seen when Redis was killed during the wait): the read takes nothing, so it is
            // handled as the lost connection it is.
            if (Scripts.isTransient(e) || e instanceof ClassCastException) {
                sleep(Math.min(ms, 100)); // the next script call retries until the server is back, or throws
                return;
            }
            throw broker.scripts().wrap("waiting for tasks on queue '" + queue + "'", e);
        }
    }

    /** A stream entry id ({@code <ms>-<seq>}, as text or bytes) as Redisson's; also the event log's ids. */
    static StreamMessageId id(Object text) {
        String s = BytesCodec.text(text);
        int dash = s.indexOf('-');
        return new StreamMessageId(Long.parseUnsignedLong(s.substring(0, dash)), Long.parseUnsignedLong(s.substring(dash + 1)));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

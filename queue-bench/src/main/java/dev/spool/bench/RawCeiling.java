package dev.spool.bench;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The ceiling: the least Redis work a reliable queue must do, with raw Jedis pipelines on one
 * connection and no framework. Every figure is tasks per second of one client thread.
 * <ul>
 *   <li>list: enqueue = RPUSH (one variadic command per batch); drain = per batch, a pipeline of
 *       LMOVE ready→processing (one per task), then a pipeline of LREM processing (one per task):
 *       two round trips per batch, the shape of fetch-then-ack;</li>
 *   <li>stream: enqueue = XADD (pipelined, one per task, one round trip per batch); drain = per
 *       batch, XREADGROUP COUNT b, then XACK + XDEL of the batch's ids in one pipeline: two round
 *       trips per batch.</li>
 * </ul>
 * Each measurement uses a fresh key and deletes it afterwards.
 */
final class RawCeiling implements AutoCloseable {
    private final Jedis jedis;
    private final String payload;
    private final LongSupplier serverCpu;
    private int seq;
    private long cpu0;
    /** redis-server CPU per task of the last timed part, microseconds; NaN when unknown. */
    double lastServerMicrosPerTask = Double.NaN;

    /** {@code serverCpu} gives redis-server's CPU time in nanoseconds, or -1 when it is not known. */
    RawCeiling(String host, int port, String payload, LongSupplier serverCpu) {
        this.jedis = new Jedis(host, port, 30_000);
        this.payload = payload;
        this.serverCpu = serverCpu;
    }

    /** RPUSH of {@code n} tasks in batches of {@code batch}: tasks/s. */
    double listEnqueue(int n, int batch) {
        String key = "raw:list:" + (++seq);
        long t0 = System.nanoTime();
        cpu0 = serverCpu.getAsLong();
        pushList(key, n, batch);
        double rate = rate(n, t0);
        serverCpuPerTask(n);
        jedis.del(key);
        return rate;
    }

    /** XADD of {@code n} tasks in pipelines of {@code batch}: tasks/s. */
    double streamEnqueue(int n, int batch) {
        String key = "raw:stream:" + (++seq);
        long t0 = System.nanoTime();
        cpu0 = serverCpu.getAsLong();
        pushStream(key, n, batch);
        double rate = rate(n, t0);
        serverCpuPerTask(n);
        jedis.del(key);
        return rate;
    }

    /** Fills a list with {@code n} tasks (not timed), then moves and removes them {@code batch} at a time: tasks/s. */
    double listDrain(int n, int batch) {
        String ready = "raw:{l" + (++seq) + "}:ready";
        String processing = "raw:{l" + seq + "}:processing";
        pushList(ready, n, 1000);
        long t0 = System.nanoTime();
        cpu0 = serverCpu.getAsLong();
        int done = 0;
        List<Response<String>> moved = new ArrayList<>(batch);
        while (done < n) {
            moved.clear();
            Pipeline p = jedis.pipelined();
            int want = Math.min(batch, n - done);
            for (int i = 0; i < want; i++) {
                moved.add(p.lmove(ready, processing, ListDirection.LEFT, ListDirection.LEFT));
            }
            p.sync();
            Pipeline ack = jedis.pipelined();
            for (Response<String> r : moved) {
                String task = r.get();
                if (task == null) {
                    throw new IllegalStateException("raw list drain: the ready list ran dry after " + done + " tasks");
                }
                ack.lrem(processing, 1, task);
            }
            ack.sync();
            done += want;
        }
        double rate = rate(n, t0);
        serverCpuPerTask(n);
        jedis.del(ready, processing);
        return rate;
    }

    /** Fills a stream with {@code n} tasks (not timed), then reads, acks and deletes them {@code batch} at a time: tasks/s. */
    double streamDrain(int n, int batch) {
        String key = "raw:stream:" + (++seq);
        pushStream(key, n, 1000);
        jedis.xgroupCreate(key, "g", new StreamEntryID(0, 0), false);
        XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(batch);
        Map<String, StreamEntryID> from = Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
        long t0 = System.nanoTime();
        cpu0 = serverCpu.getAsLong();
        int done = 0;
        while (done < n) {
            List<Map.Entry<String, List<StreamEntry>>> got = jedis.xreadGroup("g", "c", params, from);
            if (got == null || got.isEmpty() || got.get(0).getValue().isEmpty()) {
                throw new IllegalStateException("raw stream drain: the stream ran dry after " + done + " tasks");
            }
            List<StreamEntry> entries = got.get(0).getValue();
            StreamEntryID[] ids = new StreamEntryID[entries.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = entries.get(i).getID();
            }
            Pipeline p = jedis.pipelined();
            p.xack(key, "g", ids);
            p.xdel(key, ids);
            p.sync();
            done += ids.length;
        }
        double rate = rate(n, t0);
        serverCpuPerTask(n);
        jedis.del(key);
        return rate;
    }

    /** Redis used_memory per task of {@code n} tasks in a list: bytes/task. */
    double listBytesPerTask(int n) {
        String key = "raw:list:" + (++seq);
        long before = usedMemory();
        pushList(key, n, 1000);
        double per = (double) (usedMemory() - before) / n;
        jedis.del(key);
        return per;
    }

    /** Redis used_memory per task of {@code n} tasks in a stream: bytes/task. */
    double streamBytesPerTask(int n) {
        String key = "raw:stream:" + (++seq);
        long before = usedMemory();
        pushStream(key, n, 1000);
        double per = (double) (usedMemory() - before) / n;
        jedis.del(key);
        return per;
    }

    /** INFO memory's used_memory, in bytes. */
    long usedMemory() {
        return usedMemory(jedis);
    }

    static long usedMemory(Jedis j) {
        for (String line : j.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("INFO memory has no used_memory line");
    }

    private void pushList(String key, int n, int batch) {
        String[] values = new String[batch];
        java.util.Arrays.fill(values, payload);
        for (int done = 0; done < n; done += batch) {
            int k = Math.min(batch, n - done);
            jedis.rpush(key, k == batch ? values : java.util.Arrays.copyOf(values, k));
        }
    }

    private void pushStream(String key, int n, int batch) {
        Map<String, String> body = Map.of("d", payload);
        XAddParams params = XAddParams.xAddParams();
        for (int done = 0; done < n; done += batch) {
            int k = Math.min(batch, n - done);
            Pipeline p = jedis.pipelined();
            for (int i = 0; i < k; i++) {
                p.xadd(key, params, body);
            }
            p.sync();
        }
    }

    private void serverCpuPerTask(int n) {
        long c1 = serverCpu.getAsLong();
        lastServerMicrosPerTask = cpu0 < 0 || c1 < 0 ? Double.NaN : (c1 - cpu0) / 1e3 / n;
    }

    private static double rate(int n, long t0) {
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    @Override
    public void close() {
        jedis.close();
    }
}

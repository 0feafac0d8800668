package dev.spool.reliability;

import dev.spool.reliability.handler.RecordingHandler;
import redis.clients.jedis.JedisPooled;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The evidence: reads what the recording handler wrote to the recorder Redis (a server of its own,
 * never faulted), so the test can tell which tasks ran, how often, where and when.
 */
final class Recorder implements AutoCloseable {

    private static final int CHUNK = 10_000;

    private final String url;
    private final JedisPooled jedis;

    Recorder(String url) {
        this.url = url;
        this.jedis = new JedisPooled(url);
    }

    /** The URL the workers get in {@link RecordingHandler#ENV_URL}. */
    String url() {
        return url;
    }

    /** Forgets every record (before a run). */
    void clear() {
        jedis.del(RecordingHandler.OK_KEY, RecordingHandler.LOG_KEY, RecordingHandler.STARTS_KEY);
    }

    /** How many distinct tasks succeeded at least once. */
    long succeededTasks() {
        return jedis.hlen(RecordingHandler.OK_KEY);
    }

    /** The ids of {@code ids} that never succeeded. */
    Set<String> neverSucceeded(Collection<String> ids) {
        Set<String> missing = new HashSet<>();
        List<String> batch = new ArrayList<>(CHUNK);
        for (String id : ids) {
            batch.add(id);
            if (batch.size() == CHUNK) {
                collectMissing(batch, missing);
                batch.clear();
            }
        }
        collectMissing(batch, missing);
        return missing;
    }

    private void collectMissing(List<String> batch, Set<String> missing) {
        if (batch.isEmpty()) {
            return;
        }
        List<String> counts = jedis.hmget(RecordingHandler.OK_KEY, batch.toArray(String[]::new));
        for (int i = 0; i < batch.size(); i++) {
            if (counts.get(i) == null) {
                missing.add(batch.get(i));
            }
        }
    }

    /** Every execution that reached its end, in the order recorded. */
    List<Execution> executions() {
        return lines(RecordingHandler.LOG_KEY).stream().map(Execution::parse).toList();
    }

    /** Every execution that started, in the order recorded. */
    List<Execution.Start> starts() {
        return lines(RecordingHandler.STARTS_KEY).stream().map(Execution.Start::parse).toList();
    }

    private List<String> lines(String key) {
        List<String> all = new ArrayList<>();
        long n = jedis.llen(key);
        for (long from = 0; from < n; from += CHUNK) {
            all.addAll(jedis.lrange(key, from, Math.min(n, from + CHUNK) - 1));
        }
        return all;
    }

    @Override
    public void close() {
        jedis.close();
    }
}

package dev.spool.dashboard;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The API's answers to reads, kept for {@link #TTL}: however many pages are open on a dashboard, each read
 * (the overview, a queue's figures, a page of its tasks) reaches the backend at most about once a second, so the
 * load a dashboard puts on Redis does not grow with the operators looking at it. Any action empties it, so the
 * page that acted sees the result at once. Bounded: past {@link #MAX_ENTRIES} reads it starts again empty.
 */
final class ReadCache {
    static final Duration TTL = Duration.ofSeconds(1);
    static final int MAX_ENTRIES = 512;

    private record Entry(byte[] body, long expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final LongSupplier nanos;

    ReadCache(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** The body answered to {@code key} less than {@link #TTL} ago, else {@code read}'s, kept for the next ones. */
    byte[] get(String key, Supplier<byte[]> read) {
        long now = nanos.getAsLong();
        Entry e = entries.get(key);
        if (e != null && now - e.expiresAt < 0) {
            return e.body;
        }
        byte[] body = read.get();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(body, now + TTL.toNanos()));
        return body;
    }

    /** Forgets every answer: something changed. */
    void clear() {
        entries.clear();
    }
}

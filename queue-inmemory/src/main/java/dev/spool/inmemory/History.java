package dev.spool.inmemory;

import dev.spool.api.HistoryScale;
import dev.spool.api.spi.QueueHistory;

/**
 * One queue's throughput history: per {@link HistoryScale}, a ring of {@link HistoryScale#points()} slots,
 * each holding the bucket it counts for and its processed and failed counts (the layout of the Redis
 * adapters' ring slots). A slot holding an older bucket is reset when written. Guarded by the queue's lock.
 */
final class History {
    private final long[][] bucket = new long[HistoryScale.values().length][];
    private final long[][] processed = new long[HistoryScale.values().length][];
    private final long[][] failed = new long[HistoryScale.values().length][];

    History() {
        for (HistoryScale s : HistoryScale.values()) {
            bucket[s.ordinal()] = new long[s.points()];
            java.util.Arrays.fill(bucket[s.ordinal()], Long.MIN_VALUE);
            processed[s.ordinal()] = new long[s.points()];
            failed[s.ordinal()] = new long[s.points()];
        }
    }

    /** Counts {@code p} deliveries settled at {@code now}, {@code f} of them not succeeded, in every scale. */
    void add(long now, long p, long f) {
        for (HistoryScale s : HistoryScale.values()) {
            int i = s.ordinal();
            long b = QueueHistory.bucket(s, now);
            int slot = QueueHistory.slot(s, b);
            if (bucket[i][slot] != b) {
                bucket[i][slot] = b;
                processed[i][slot] = 0;
                failed[i][slot] = 0;
            }
            processed[i][slot] += p;
            failed[i][slot] += f;
        }
    }

    /** The counts of bucket {@code b} of {@code scale}, or null when its slot holds none of it. */
    long[] counts(HistoryScale scale, long b) {
        int i = scale.ordinal();
        int slot = QueueHistory.slot(scale, b);
        return bucket[i][slot] == b ? new long[] {processed[i][slot], failed[i][slot]} : null;
    }
}

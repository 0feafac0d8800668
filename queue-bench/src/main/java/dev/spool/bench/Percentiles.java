package dev.spool.bench;

import java.util.Arrays;

/** Percentiles of a sample by the nearest-rank method: p99 is the smallest value at or above 99 % of the sample. */
public final class Percentiles {
    private final long[] sorted;

    private Percentiles(long[] sorted) {
        this.sorted = sorted;
    }

    /** The percentiles of {@code sample} (copied, then sorted). */
    public static Percentiles of(long[] sample) {
        long[] s = sample.clone();
        Arrays.sort(s);
        return new Percentiles(s);
    }

    /** How many values. */
    public int count() {
        return sorted.length;
    }

    /**
     * The {@code p}-th percentile (0 &lt; p &le; 100) by nearest rank: the value at rank
     * ceil(p/100 × n); 0 for an empty sample.
     */
    public long at(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100]; got " + p);
        }
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, Math.min(rank, sorted.length)) - 1];
    }

    /** The largest value; 0 for an empty sample. */
    public long max() {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }
}

package dev.spool.demo.handlers;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The statistics of one log file (or, merged, of many): lines per level, requests per status
 * code, error messages by frequency, and the latency distribution. The latencies are kept as a
 * histogram of whole milliseconds, so the percentiles of many files merged are exact, not an
 * average of percentiles.
 *
 * @param file              the log file's name, or a label for merged statistics
 * @param files             how many files these statistics cover
 * @param lines             every line, continuation lines included
 * @param continuationLines lines that continue the previous entry (stack traces)
 * @param requests          request lines (those with a status code and a latency)
 * @param levels            entries per level, in the order ERROR, WARN, INFO, DEBUG, then others
 * @param statuses          requests per HTTP status code, by code
 * @param errors            ERROR messages with numbers replaced by {@code #}, most frequent first
 * @param latencyMs         the 50th, 95th and 99th percentile of request latency, always derived from
 *                          {@code latencyHistogram} (the value passed in is replaced; pass null)
 * @param latencyHistogram  requests per latency in whole milliseconds, by latency
 */
public record LogStats(String file, int files, long lines, long continuationLines, long requests,
                       Map<String, Long> levels, Map<String, Long> statuses, Map<String, Long> errors,
                       Percentiles latencyMs, Map<Integer, Long> latencyHistogram) {

    private static final List<String> LEVEL_ORDER = List.of("ERROR", "WARN", "INFO", "DEBUG");

    /** Puts every map in its documented order and derives the percentiles from the histogram. */
    public LogStats {
        Objects.requireNonNull(file, "file");
        levels = ordered(levels, Comparator.comparing((Map.Entry<String, Long> e) -> levelRank(e.getKey()))
                .thenComparing(Map.Entry::getKey));
        statuses = ordered(statuses, Map.Entry.comparingByKey());
        errors = ordered(errors, Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry::getKey));
        latencyHistogram = Collections.unmodifiableMap(new TreeMap<>(latencyHistogram == null ? Map.of() : latencyHistogram));
        latencyMs = Percentiles.of(latencyHistogram);
    }

    /** The statistics of {@code parts} as one: counts added, histograms merged, percentiles recomputed. */
    public static LogStats merge(String label, Collection<LogStats> parts) {
        Map<String, Long> levels = new LinkedHashMap<>();
        Map<String, Long> statuses = new LinkedHashMap<>();
        Map<String, Long> errors = new LinkedHashMap<>();
        Map<Integer, Long> histogram = new TreeMap<>();
        long lines = 0;
        long continuation = 0;
        long requests = 0;
        int files = 0;
        for (LogStats s : parts) {
            files += s.files;
            lines += s.lines;
            continuation += s.continuationLines;
            requests += s.requests;
            s.levels.forEach((k, v) -> levels.merge(k, v, Long::sum));
            s.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
            s.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            s.latencyHistogram.forEach((k, v) -> histogram.merge(k, v, Long::sum));
        }
        return new LogStats(label, files, lines, continuation, requests, levels, statuses, errors, null, histogram);
    }

    /** The {@code n} most frequent error messages with their counts. */
    public List<Map.Entry<String, Long>> topErrors(int n) {
        return errors.entrySet().stream().limit(n).collect(Collectors.toList());
    }

    /** Entries at {@code level} (0 when none). */
    public long level(String level) {
        return levels.getOrDefault(level, 0L);
    }

    private static int levelRank(String level) {
        int i = LEVEL_ORDER.indexOf(level);
        return i < 0 ? LEVEL_ORDER.size() : i;
    }

    private static <K> Map<K, Long> ordered(Map<K, Long> map, Comparator<Map.Entry<K, Long>> order) {
        if (map == null) {
            return Map.of();
        }
        Map<K, Long> out = new LinkedHashMap<>();
        map.entrySet().stream().sorted(order).forEach(e -> out.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Latency percentiles by the nearest-rank method: the p-th percentile is the smallest latency
     * that at least p % of requests do not exceed. All zero when there were no requests.
     *
     * @param p50 the median, in milliseconds
     * @param p95 the 95th percentile, in milliseconds
     * @param p99 the 99th percentile, in milliseconds
     */
    public record Percentiles(long p50, long p95, long p99) {

        /** The percentiles of a histogram of value → count. */
        public static Percentiles of(Map<Integer, Long> histogram) {
            TreeMap<Integer, Long> sorted = new TreeMap<>(histogram);
            long total = sorted.values().stream().mapToLong(Long::longValue).sum();
            return new Percentiles(rank(sorted, total, 50), rank(sorted, total, 95), rank(sorted, total, 99));
        }

        /** The percentiles of raw values (end-to-end latencies of a run, for example). */
        public static Percentiles ofValues(Collection<Long> values) {
            Map<Integer, Long> histogram = new TreeMap<>();
            for (long v : values) {
                histogram.merge((int) Math.min(Integer.MAX_VALUE, Math.max(0, v)), 1L, Long::sum);
            }
            return of(histogram);
        }

        private static long rank(TreeMap<Integer, Long> sorted, long total, int percent) {
            if (total == 0) {
                return 0;
            }
            long needed = (total * percent + 99) / 100; // ceil(total * p / 100)
            long seen = 0;
            for (Map.Entry<Integer, Long> e : sorted.entrySet()) {
                seen += e.getValue();
                if (seen >= needed) {
                    return e.getKey();
                }
            }
            return sorted.lastKey();
        }
    }
}

package dev.spool.api;

import java.time.Duration;

/**
 * At most {@code count} tasks of a queue started (leased) in any window of {@code period}, across
 * every worker: a sliding window, so a burst never exceeds it either ({@link QueueSettings#rate()}).
 *
 * @param count  1 to {@value #MAX_COUNT} tasks
 * @param period 1 ms to 1 day
 */
public record RateLimit(int count, Duration period) {
    /** The largest count: the backend keeps one entry per task started in the window. */
    public static final int MAX_COUNT = 100_000;
    private static final Duration MAX_PERIOD = Duration.ofDays(1);

    /** Checks both fields, naming the bad one and the bounds. */
    public RateLimit {
        if (count < 1 || count > MAX_COUNT) {
            throw new InvalidTaskException("rate", "rate limit count is " + count + "; use 1 to " + MAX_COUNT
                    + " tasks per period (for example 100/1s)");
        }
        if (period == null || period.toMillis() < 1 || period.compareTo(MAX_PERIOD) > 0) {
            throw new InvalidTaskException("rate", "rate limit period is " + period + "; use 1ms to 1d (for example 100/1s)");
        }
    }

    /** {@code count} tasks per {@code period}. */
    public static RateLimit of(int count, Duration period) {
        return new RateLimit(count, period);
    }

    /** Reads {@code <count>/<duration>}, such as {@code 100/1s}, {@code 50/s} or {@code 1000/1m}. */
    public static RateLimit parse(String text) {
        String t = text == null ? "" : text.trim();
        int slash = t.indexOf('/');
        try {
            if (slash > 0) {
                String per = t.substring(slash + 1).trim();
                Duration period = Durations.parse("rate limit period", per.matches("[a-z]+") ? "1" + per : per);
                return new RateLimit(Integer.parseInt(t.substring(0, slash).trim()), period);
            }
        } catch (NumberFormatException | SpoolException e) {
            if (e instanceof InvalidTaskException i) {
                throw i;
            }
        }
        throw new InvalidTaskException("rate", "rate limit '" + text + "' is not <count>/<period>; write for example "
                + "100/1s, 50/s or 1000/1m");
    }

    @Override
    public String toString() {
        return count + "/" + Durations.format(period);
    }
}

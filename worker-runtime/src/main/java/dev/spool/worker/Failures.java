package dev.spool.worker;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Which of the worker's calls to the backend (each queue's fetch, the heartbeat) have been failing
 * without a success in between, since when and with what error: what the health check reports.
 * Real elapsed time, read from {@code nanos}. Thread-safe.
 */
final class Failures {
    private record Failing(long sinceNanos, String error) {
    }

    private final Map<String, Failing> failing = new ConcurrentHashMap<>();
    private final LongSupplier nanos;

    Failures(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** Records that {@code what} (e.g. "fetching from queue 'mail'") failed with {@code error}. */
    void failed(String what, String error) {
        long now = nanos.getAsLong();
        failing.compute(what, (k, f) -> new Failing(f == null ? now : f.sinceNanos, error));
    }

    /** Records that {@code what} worked. */
    void succeeded(String what) {
        if (!failing.isEmpty()) {
            failing.remove(what);
        }
    }

    /** The first call that has failed for at least {@code threshold}, described with how long and why. */
    Optional<String> longerThan(Duration threshold) {
        long now = nanos.getAsLong();
        for (Map.Entry<String, Failing> e : failing.entrySet()) {
            long failedFor = now - e.getValue().sinceNanos;
            if (failedFor >= threshold.toNanos()) {
                return Optional.of(e.getKey() + " has failed for " + TimeUnit.NANOSECONDS.toSeconds(failedFor) + " s: "
                        + e.getValue().error);
            }
        }
        return Optional.empty();
    }
}

package dev.spool.redis.core;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * How both Redis adapters carry a call through a dropped connection, a restarting or loading
 * server, or a fail-over: tried again after a pause that starts at {@code retry.backoff} and
 * doubles up to {@code retry.backoff.max}, half of it fixed and half random (so that many clients
 * cut off together do not return together), for at most {@code retry.for}.
 *
 * @param retryFor   how long a failing call is tried again ({@code retry.for})
 * @param backoff    the first pause ({@code retry.backoff})
 * @param backoffMax the longest pause ({@code retry.backoff.max})
 */
public record Retrying(Duration retryFor, Duration backoff, Duration backoffMax) {

    /** One try of a call; {@code resent} is true when an earlier try of it failed. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run(boolean resent);
    }

    /** The exception to throw for the last failure, after {@code tries} tries. */
    @FunctionalInterface
    public interface GiveUp {
        RuntimeException of(RuntimeException last, int tries, boolean interrupted);
    }

    /**
     * Runs {@code attempt} until it returns. A failure that {@code retryable} accepts is tried again
     * while {@code retry.for} lasts and {@code stopped} says false (a closing broker does not
     * retry); the first one is passed to {@code firstFailure} (to log it). Any other failure, the
     * last one, or an interrupt while pausing, is thrown as {@code giveUp} makes it.
     */
    public <T> T call(Attempt<T> attempt, Predicate<RuntimeException> retryable, BooleanSupplier stopped,
                      Consumer<RuntimeException> firstFailure, GiveUp giveUp) {
        long deadline = System.nanoTime() + retryFor.toNanos();
        long backoffMs = Math.max(1, backoff.toMillis());
        int failures = 0;
        while (true) {
            try {
                return attempt.run(failures > 0);
            } catch (RuntimeException e) {
                failures++;
                long pause = backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs - backoffMs / 2 + 1);
                if (stopped.getAsBoolean() || !retryable.test(e) || System.nanoTime() + pause * 1_000_000 - deadline > 0) {
                    throw giveUp.of(e, failures, false);
                }
                if (failures == 1) {
                    firstFailure.accept(e);
                }
                try {
                    Thread.sleep(Math.max(1, pause));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw giveUp.of(e, failures, true);
                }
                backoffMs = Math.min(backoffMs * 2, Math.max(1, backoffMax.toMillis()));
            }
        }
    }
}

package dev.spool.api;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed task again: exponential backoff from {@code initialDelay}, multiplied by
 * {@code multiplier} per attempt, capped at {@code maxDelay}, spread by ±{@code jitter} (a
 * fraction) so that tasks failing together do not retry together. {@code maxAttempts} is what a
 * task gets when it does not set {@link Task#maxAttempts()}.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.defaults().withInitialDelay(Duration.ofMillis(200)).withMaxAttempts(3);
 * }</pre>
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter) {

    /** Attempts of a task that does not say: 10 (1 s, 2 s, 4 s, … about 8.5 minutes of retries). */
    public static final int DEFAULT_MAX_ATTEMPTS = TaskDefaults.MAX_ATTEMPTS;
    private static final RetryPolicy DEFAULTS =
            new RetryPolicy(DEFAULT_MAX_ATTEMPTS, Duration.ofSeconds(1), 2.0, Duration.ofHours(1), 0.2);

    /** Validates the values. */
    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > Task.MAX_ATTEMPTS_LIMIT) {
            throw new SpoolException("retry policy maxAttempts is " + maxAttempts + "; use 1 to " + Task.MAX_ATTEMPTS_LIMIT);
        }
        if (initialDelay == null || initialDelay.isNegative()) {
            throw new SpoolException("retry policy initialDelay is " + initialDelay + "; use zero or a positive duration");
        }
        if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
            throw new SpoolException("retry policy maxDelay is " + maxDelay + "; use at least initialDelay (" + initialDelay + ")");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new SpoolException("retry policy multiplier is " + multiplier + "; use 1.0 (constant delay) or more");
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new SpoolException("retry policy jitter is " + jitter + "; use a fraction from 0.0 to 1.0");
        }
    }

    /** 10 attempts, 1 s doubling to at most 1 h, ±20 % jitter. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** The delay before the attempt after {@code failedAttempt} (1 for the first attempt), jitter applied. */
    public Duration delayAfter(int failedAttempt) {
        double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempt - 1));
        double capped = Math.min(base, maxDelay.toMillis());
        double spread = jitter == 0 ? 0 : ThreadLocalRandom.current().nextDouble(-jitter, jitter);
        return Duration.ofMillis(Math.max(0, Math.round(capped * (1 + spread))));
    }

    /** This policy with another {@code maxAttempts}. */
    public RetryPolicy withMaxAttempts(int n) {
        return new RetryPolicy(n, initialDelay, multiplier, maxDelay, jitter);
    }

    /** This policy with another {@code initialDelay}. */
    public RetryPolicy withInitialDelay(Duration d) {
        return new RetryPolicy(maxAttempts, d, multiplier, maxDelay.compareTo(d) < 0 ? d : maxDelay, jitter);
    }

    /** This policy with another {@code multiplier}. */
    public RetryPolicy withMultiplier(double m) {
        return new RetryPolicy(maxAttempts, initialDelay, m, maxDelay, jitter);
    }

    /** This policy with another {@code maxDelay}. */
    public RetryPolicy withMaxDelay(Duration d) {
        return new RetryPolicy(maxAttempts, initialDelay, multiplier, d, jitter);
    }

    /** This policy with another {@code jitter}. */
    public RetryPolicy withJitter(double j) {
        return new RetryPolicy(maxAttempts, initialDelay, multiplier, maxDelay, j);
    }
}

package dev.spool.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a handler to run the task again after {@link #delay()} without failing the attempt: it
 * is handed back ({@link TaskQueue#release(Delivery, Duration)}), the attempt not counted, no error
 * recorded. For a limit met outside (an API that answered 429 with Retry-After, a busy resource):
 *
 * <pre>{@code
 * if (response.statusCode() == 429) {
 *     throw new RetryLaterException(Duration.ofSeconds(retryAfter));
 * }
 * }</pre>
 *
 * As attempts are not counted, a handler that always asks to run later runs forever; to give up, fail
 * the attempt instead (any other exception).
 */
public class RetryLaterException extends SpoolException {
    /** The longest delay: as long as a task may be kept. */
    public static final Duration MAX_DELAY = Task.MAX_RETENTION;

    private final Duration delay;

    /** Runs the task again after {@code delay} (0 to {@link #MAX_DELAY}). */
    public RetryLaterException(Duration delay) {
        this(delay, "the handler asked to run the task again in " + describe(delay));
    }

    /** Runs the task again after {@code delay}, saying why. */
    public RetryLaterException(Duration delay, String reason) {
        super(reason);
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("RetryLaterException: the delay is " + delay + "; use 0 to "
                    + MAX_DELAY.toDays() + " days");
        }
        this.delay = delay;
    }

    /** How long from now the task runs again. */
    public Duration delay() {
        return delay;
    }

    private static String describe(Duration d) {
        return d == null ? "null" : Durations.format(d);
    }
}

package dev.spool.worker;

import dev.spool.api.Delivery;

import java.time.Duration;

/**
 * Told what a {@link Worker} does with each delivery. Every method is a no-op by default. Methods
 * are called on the worker's own threads (a handler thread, or the timer thread for a timeout), so
 * they must be quick and must not block; an exception thrown by a listener is logged and ignored.
 */
public interface WorkerListener {

    /** The handler of {@code delivery} is about to run (before the interceptor chain). */
    default void onStarted(Delivery delivery) {
    }

    /** The handler returned and the task was acknowledged; {@code took} is the handler's run time. */
    default void onSucceeded(Delivery delivery, Duration took) {
    }

    /** The attempt failed with {@code error} and another one is scheduled after {@code delay}. */
    default void onRetried(Delivery delivery, Throwable error, Duration delay) {
    }

    /**
     * The task became a dead letter with {@code reason}: a {@link dev.spool.api.NonRetryableException},
     * its last attempt failed, its type has no handler in this worker, or its payload did not decode.
     */
    default void onDeadLettered(Delivery delivery, String reason) {
    }

    /** The task was cancelled while this worker held it ({@code QueueInspector.cancel}) and its attempt stopped. */
    default void onCancelled(Delivery delivery) {
    }
}

package dev.spool.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CancellationException;

/** What a handler knows about the attempt it runs, and how it enqueues follow-up tasks. */
public interface TaskContext {

    /** The task being run. */
    Task task();

    /** The queue it came from. */
    String queue();

    /** The task id: stable across attempts, a natural idempotency key. */
    default String taskId() {
        return task().id();
    }

    /** Which attempt this is: 1 for the first. */
    default int attempt() {
        return task().attempt();
    }

    /** The task's headers. */
    default Map<String, String> headers() {
        return task().headers();
    }

    /** When this attempt times out. */
    Instant deadline();

    /**
     * True once the attempt should stop: the task was cancelled ({@link QueueInspector#cancel}), it
     * timed out, or the worker is shutting down.
     */
    boolean isCancelled();

    /**
     * Ends this attempt without failing it: the task runs again after {@code delay}, the attempt not
     * counted (throws {@link RetryLaterException}; nothing after the call runs).
     */
    default void retryLater(Duration delay) {
        throw new RetryLaterException(delay);
    }

    /** Throws {@link CancellationException} when {@link #isCancelled()}; for loops in long handlers. */
    default void throwIfCancelled() {
        if (isCancelled()) {
            throw new CancellationException("task " + taskId() + " was cancelled (by request, timeout or shutdown)");
        }
    }

    /**
     * Sets this attempt's result: {@code value} written as JSON by {@link PayloadCodec}. It is stored
     * with the task when the attempt succeeds, in the same step as the acknowledgement, and kept as long
     * as the task's {@link Task#retention()} (a task without one drops it). A later call replaces it.
     *
     * @throws InvalidTaskException (field {@code result}) when the JSON is over
     *                              {@link Task#maxResultBytes()}: thrown out of the handler, it fails the
     *                              attempt with that message (retried like any failure)
     */
    default void setResult(Object value) {
        setResultJson(PayloadCodec.encode(value));
    }

    /** As {@link #setResult(Object)}, with the result given as JSON text (one JSON value). */
    void setResultJson(String json);

    /**
     * Reports how far the attempt has come: {@code percent} 0 to 100 and an optional {@code detail}
     * written as JSON by {@link PayloadCodec} (null for none; at most {@link Task#maxResultBytes()}).
     * Stored on the task ({@link TaskInfo#progress()}) and shown by {@code spool task show}. Cheap to
     * call in a loop: the worker writes at most one report per task every half second and sends the
     * latest one left over within a second, so the last report is the one kept.
     *
     * @throws InvalidTaskException (field {@code progress}) when the percentage or the detail is out of
     *                              bounds: thrown out of the handler, it fails the attempt with that message
     */
    default void progress(int percent, Object detail) {
        progressJson(percent, detail == null ? null : PayloadCodec.encode(detail));
    }

    /** As {@link #progress(int, Object)} without a detail. */
    default void progress(int percent) {
        progressJson(percent, null);
    }

    /** As {@link #progress(int, Object)}, with the detail given as JSON text (one JSON value, or null). */
    void progressJson(int percent, String detailJson);

    /** Enqueues a follow-up task on this task's queue. */
    default EnqueueResult enqueue(Task task) {
        return enqueue(queue(), task);
    }

    /** Enqueues a follow-up task on {@code queue}. */
    EnqueueResult enqueue(String queue, Task task);
}

package dev.spool.api.tracing;

import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;

import java.util.List;

/**
 * The tracing hooks, safe to call whether or not the OpenTelemetry API is on the classpath. Every
 * backend's queue sends its enqueues through {@link #enqueue} and {@link #enqueueAll} (in
 * {@code CheckedTaskQueue}), and the worker runs each attempt inside {@link #process}; a consumer
 * that fetches tasks itself can do the same. Applications configure tracing with
 * {@link SpoolTracing}, never here.
 *
 * <p>This class names no OpenTelemetry type. It looks for the API once, when it is first used; without
 * it every hook calls straight through and no OpenTelemetry class is ever loaded. With it the spans
 * are made by classes loaded only then; see {@link SpoolTracing} for what they record.
 */
public final class Tracing {
    private static final boolean AVAILABLE = detect();

    private Tracing() {
    }

    /** The work a consumer span surrounds: one attempt of one task. */
    @FunctionalInterface
    public interface Attempt {
        /** Runs the attempt; what it throws is what the attempt failed with. */
        void run() throws Exception;
    }

    /** True when the OpenTelemetry API is on the classpath, so Spool traces (through {@link SpoolTracing}). */
    public static boolean available() {
        return AVAILABLE;
    }

    /**
     * {@code queue.enqueue(task)} inside a producer span {@code send <queue>}, with the span's W3C trace
     * context ({@code traceparent}, {@code tracestate}) added to the task's headers; just the enqueue
     * without the API.
     */
    public static EnqueueResult enqueue(TaskQueue queue, Task task) {
        return AVAILABLE ? Spans.enqueue(queue, task) : queue.enqueue(task);
    }

    /**
     * {@code queue.enqueueAll(tasks)} inside one producer span for the batch, whose trace context every
     * task carries in its headers; just the call without the API.
     */
    public static List<EnqueueResult> enqueueAll(TaskQueue queue, List<Task> tasks) {
        return AVAILABLE ? Spans.enqueueAll(queue, tasks) : queue.enqueueAll(tasks);
    }

    /**
     * Runs {@code attempt} inside a consumer span {@code process <queue>} for {@code delivery}, child of
     * and linked to the producer's context read from the task's headers, and current while the attempt
     * runs; without the API, just runs it. Rethrows what the attempt throws.
     */
    public static void process(Delivery delivery, Attempt attempt) throws Exception {
        if (AVAILABLE) {
            Spans.process(delivery, attempt);
        } else {
            attempt.run();
        }
    }

    /** Whether the API can be used: its entry point and the context library it needs are both there. */
    private static boolean detect() {
        ClassLoader loader = Tracing.class.getClassLoader();
        try {
            Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, loader);
            Class.forName("io.opentelemetry.context.Context", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}

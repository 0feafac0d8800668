package dev.spool.api.tracing;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

import java.util.Objects;

/**
 * Where Spool sends its spans. With the OpenTelemetry API on the classpath, Spool traces without any
 * call: through {@link GlobalOpenTelemetry} from the moment the application (or the OpenTelemetry
 * Java agent) sets it; {@link #use} gives it an instance of your own instead. Without the API nothing
 * changes, and no class here is loaded.
 *
 * <p>What is recorded (names after the OpenTelemetry messaging conventions):
 * <ul>
 *   <li><b>enqueue</b>: a span {@code send <queue>} of kind {@code PRODUCER}, child of the current span;
 *       its W3C trace context goes into the task's headers {@code traceparent} (and {@code tracestate}
 *       when there is one). {@code enqueueAll} makes one such span for the whole batch
 *       ({@code messaging.batch.message_count}), and every task of the batch carries its context. A
 *       task that already has a {@code traceparent} header keeps it, and with it the trace it names. A
 *       task with no room left for the headers ({@value dev.spool.api.Task#MAX_HEADERS} at most) is
 *       sent without them, and the span gets the event {@code spool.trace_context_dropped}.</li>
 *   <li><b>each attempt</b> run by a worker: a span {@code process <queue>} of kind {@code CONSUMER},
 *       child of the producer's context from the headers and linked to it, current while the handler
 *       runs, so the handler's own HTTP and database calls join the trace. A failed attempt records
 *       its exception with status {@code ERROR} and {@code error.type}; a handler that asks to run later
 *       ({@code RetryLaterException}) or stops for a cancel gets an event instead
 *       ({@code spool.retry_later}, {@code spool.cancelled}) and no error. A retried task gets one span
 *       per attempt.</li>
 *   <li>attributes on both: {@code messaging.system} = {@code spool}, {@code messaging.destination.name}
 *       (the queue), {@code messaging.operation.type} and {@code messaging.operation.name}
 *       ({@code send} or {@code process}), {@code messaging.message.id} (the task id) and
 *       {@code spool.task.type} (not on a batch's span, which has many); on the consumer span also
 *       {@code spool.task.attempt} (1 for the first); on the producer span of a task refused as a
 *       duplicate, {@code spool.task.duplicate} = true.</li>
 * </ul>
 * The scope of the tracer is {@value #INSTRUMENTATION_NAME}.
 */
public final class SpoolTracing {
    /** The instrumentation scope name of Spool's tracer. */
    public static final String INSTRUMENTATION_NAME = "dev.spool";
    /**
     * How often Spool asks whether {@link GlobalOpenTelemetry} was set, until it was: that question takes
     * a lock, so it is not asked on every enqueue and attempt.
     */
    private static final long GLOBAL_LOOK_NANOS = 1_000_000_000L;

    private static volatile OpenTelemetry given;
    private static volatile OpenTelemetry global;
    private static volatile long globalLookedAt;
    private static volatile Resolved resolved;

    private SpoolTracing() {
    }

    /** A tracer and the instance it came from. */
    private record Resolved(OpenTelemetry openTelemetry, Tracer tracer) {
    }

    /**
     * Sends Spool's spans to {@code openTelemetry} from now on, for every broker and worker in this JVM,
     * instead of {@link GlobalOpenTelemetry}. Pass {@link OpenTelemetry#noop()} to record nothing.
     */
    public static void use(OpenTelemetry openTelemetry) {
        given = Objects.requireNonNull(openTelemetry,
                "openTelemetry is null; pass an instance, or call SpoolTracing.useGlobal() to go back to GlobalOpenTelemetry");
    }

    /**
     * Goes back to the default, {@link GlobalOpenTelemetry}, and looks at it again at once (call this too
     * after {@code GlobalOpenTelemetry.resetForTest()}).
     */
    public static void useGlobal() {
        given = null;
        global = null;
        globalLookedAt = 0;
    }

    /**
     * The instance Spool traces through now: the one given to {@link #use}, else {@link GlobalOpenTelemetry}
     * once it is set, else {@link OpenTelemetry#noop()} (nothing recorded).
     */
    public static OpenTelemetry openTelemetry() {
        OpenTelemetry current = current();
        return current != null ? current : OpenTelemetry.noop();
    }

    /** Spool's tracer, or null while there is nothing to trace to (no instance given, the global not set). */
    static Tracer tracer() {
        OpenTelemetry current = current();
        if (current == null) {
            return null;
        }
        Resolved r = resolved;
        if (r == null || r.openTelemetry() != current) {
            r = new Resolved(current, current.getTracer(INSTRUMENTATION_NAME));
            resolved = r;
        }
        return r.tracer();
    }

    private static OpenTelemetry current() {
        OpenTelemetry o = given;
        return o != null ? o : global();
    }

    /**
     * {@link GlobalOpenTelemetry} once it was set, else null. Never {@code GlobalOpenTelemetry.get()} before
     * that: it would install a no-op instance for good and make the application's own {@code set} fail.
     */
    private static OpenTelemetry global() {
        OpenTelemetry g = global;
        if (g != null) {
            return g;
        }
        long now = System.nanoTime();
        long last = globalLookedAt;
        if (last != 0 && now - last < GLOBAL_LOOK_NANOS) {
            return null;
        }
        globalLookedAt = now == 0 ? 1 : now;
        if (GlobalOpenTelemetry.isSet()) {
            g = GlobalOpenTelemetry.get();
            global = g;
        }
        return g;
    }
}

package dev.spool.api.tracing;

import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.RetryLaterException;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * The spans, made only when the OpenTelemetry API is on the classpath ({@link Tracing} calls in here
 * then and only then). Its duties:
 * <ol>
 *   <li>around an enqueue or a batch, a producer span whose W3C trace context it writes into the headers
 *       of every task that has none of its own;</li>
 *   <li>around an attempt, a consumer span whose parent and link are the context read from the task's
 *       headers, current while the attempt runs, with the attempt's outcome.</li>
 * </ol>
 * The W3C propagator is used whatever the application configured: the headers are Spool's own format,
 * readable by every consumer. What the spans hold is listed in {@link SpoolTracing}.
 */
final class Spans {
    static final String TRACEPARENT = "traceparent";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> TASK_TYPE = AttributeKey.stringKey("spool.task.type");
    static final AttributeKey<Long> TASK_ATTEMPT = AttributeKey.longKey("spool.task.attempt");
    static final AttributeKey<Boolean> DUPLICATE = AttributeKey.booleanKey("spool.task.duplicate");
    static final AttributeKey<Long> RETRY_DELAY = AttributeKey.longKey("spool.retry_later.delay_ms");

    private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> headers) {
            return headers.keySet();
        }

        @Override
        public String get(Map<String, String> headers, String name) {
            return headers == null ? null : headers.get(name);
        }
    };

    private Spans() {
    }

    static EnqueueResult enqueue(TaskQueue queue, Task task) {
        Tracer tracer = SpoolTracing.tracer();
        if (tracer == null) {
            return queue.enqueue(task);
        }
        Span span = producer(tracer, queue.name()).setAttribute(TASK_TYPE, task.type()).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            EnqueueResult r = queue.enqueue(carrying(task, contextFields(), span));
            span.setAttribute(MESSAGE_ID, r.taskId());
            if (!r.accepted()) {
                span.setAttribute(DUPLICATE, true);
            }
            return r;
        } catch (RuntimeException e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    static List<EnqueueResult> enqueueAll(TaskQueue queue, List<Task> tasks) {
        Tracer tracer = SpoolTracing.tracer();
        if (tracer == null) {
            return queue.enqueueAll(tasks);
        }
        Span span = producer(tracer, queue.name()).setAttribute(BATCH_COUNT, (long) tasks.size()).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            Map<String, String> fields = contextFields();
            List<Task> carried = new ArrayList<>(tasks.size());
            for (Task t : tasks) {
                carried.add(carrying(t, fields, span));
            }
            return queue.enqueueAll(carried);
        } catch (RuntimeException e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    static void process(Delivery delivery, Tracing.Attempt attempt) throws Exception {
        Tracer tracer = SpoolTracing.tracer();
        if (tracer == null) {
            attempt.run();
            return;
        }
        Task task = delivery.task();
        Context sent = W3C.extract(Context.root(), task.headers(), HEADERS);
        SpanBuilder builder = tracer.spanBuilder("process " + delivery.queue()).setSpanKind(SpanKind.CONSUMER)
                .setParent(sent)
                .setAttribute(SYSTEM, "spool")
                .setAttribute(DESTINATION, delivery.queue())
                .setAttribute(OPERATION_TYPE, "process")
                .setAttribute(OPERATION_NAME, "process")
                .setAttribute(MESSAGE_ID, task.id())
                .setAttribute(TASK_TYPE, task.type())
                .setAttribute(TASK_ATTEMPT, (long) task.attempt());
        SpanContext producer = Span.fromContext(sent).getSpanContext();
        if (producer.isValid()) {
            builder.addLink(producer);
        }
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            attempt.run();
        } catch (RetryLaterException later) {
            span.addEvent("spool.retry_later", Attributes.of(RETRY_DELAY, later.delay().toMillis()));
            throw later;
        } catch (CancellationException cancelled) {
            span.addEvent("spool.cancelled");
            throw cancelled;
        } catch (Throwable t) {
            failed(span, t);
            throw t;
        } finally {
            span.end();
        }
    }

    private static SpanBuilder producer(Tracer tracer, String queue) {
        return tracer.spanBuilder("send " + queue).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, "spool")
                .setAttribute(DESTINATION, queue)
                .setAttribute(OPERATION_TYPE, "send")
                .setAttribute(OPERATION_NAME, "send");
    }

    /** The W3C fields of the current context (the producer span's): empty when it is not valid. */
    private static Map<String, String> contextFields() {
        Map<String, String> fields = new LinkedHashMap<>(4);
        W3C.inject(Context.current(), fields, (carrier, name, value) -> carrier.put(name, value));
        return fields;
    }

    /**
     * {@code task} carrying {@code fields} in its headers; itself when there are none, when it has a
     * {@code traceparent} of its own (the caller's trace wins), or when they would not fit.
     */
    private static Task carrying(Task task, Map<String, String> fields, Span span) {
        Map<String, String> headers = task.headers();
        if (fields.isEmpty() || headers.containsKey(TRACEPARENT)) {
            return task;
        }
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.putAll(fields);
        if (merged.size() > Task.MAX_HEADERS) {
            span.addEvent("spool.trace_context_dropped", Attributes.of(TASK_TYPE, task.type()));
            return task;
        }
        return task.toBuilder().headers(merged).build();
    }

    private static void failed(Span span, Throwable t) {
        span.recordException(t);
        span.setAttribute(ERROR_TYPE, t.getClass().getName());
        span.setStatus(StatusCode.ERROR, t.getMessage() != null ? t.getMessage() : t.getClass().getName());
    }
}

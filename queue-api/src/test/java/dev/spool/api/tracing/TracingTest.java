package dev.spool.api.tracing;

import dev.spool.api.Delivery;
import dev.spool.api.RetryLaterException;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.api.spi.CheckedTaskQueue;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The enqueue hook (every backend's, through CheckedTaskQueue) and the attempt hook, on the OpenTelemetry SDK. */
class TracingTest {
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(
            SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
    final RecordingQueue backend = new RecordingQueue("mail");
    final TaskQueue queue = CheckedTaskQueue.of(backend);

    @BeforeEach
    void traceToTheSdk() {
        SpoolTracing.use(sdk);
    }

    @AfterEach
    void backToTheDefault() {
        SpoolTracing.useGlobal();
        sdk.close();
    }

    /** The attributes of {@code span} by name. */
    static Map<String, Object> attributes(SpanData span) {
        return span.getAttributes().asMap().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().getKey(), Map.Entry::getValue));
    }

    SpanData only(String name) {
        List<SpanData> named = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(named).as("spans named '%s' among %s", name, spans.getFinishedSpanItems()).hasSize(1);
        return named.get(0);
    }

    static String traceparent(SpanData span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex();
    }

    @Test
    void theApiIsFoundOnThisClasspath() {
        assertThat(Tracing.available()).isTrue();
        assertThat(SpoolTracing.openTelemetry()).isSameAs(sdk);
    }

    @Test
    void enqueueMakesAProducerSpanInTheCurrentTraceAndWritesItsTraceparent() {
        Span checkout = sdk.getTracer("app").spanBuilder("checkout").startSpan();
        String id;
        try (Scope ignored = checkout.makeCurrent()) {
            id = queue.enqueue(Task.builder("send_welcome").header("tenant", "acme").build()).taskId();
        } finally {
            checkout.end();
        }
        SpanData send = only("send mail");
        assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(send.getTraceId()).isEqualTo(checkout.getSpanContext().getTraceId());
        assertThat(send.getParentSpanId()).isEqualTo(checkout.getSpanContext().getSpanId());
        assertThat(attributes(send)).containsEntry("messaging.system", "spool")
                .containsEntry("messaging.destination.name", "mail").containsEntry("messaging.operation.type", "send")
                .containsEntry("messaging.operation.name", "send").containsEntry("messaging.message.id", id)
                .containsEntry("spool.task.type", "send_welcome").doesNotContainKey("spool.task.duplicate");
        assertThat(backend.stored.get(0).headers()).containsEntry("tenant", "acme")
                .containsEntry("traceparent", traceparent(send)).doesNotContainKey("tracestate");
    }

    @Test
    void aTraceparentTheCallerSetIsKept() {
        String theirs = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        queue.enqueue(Task.builder("t").header("traceparent", theirs).build());
        assertThat(backend.stored.get(0).headers()).containsEntry("traceparent", theirs);
        assertThat(only("send mail").getKind()).isEqualTo(SpanKind.PRODUCER);
    }

    @Test
    void enqueueAllMakesOneSpanForTheBatchWhoseContextEveryTaskCarries() {
        queue.enqueueAll(List.of(Task.of("a", "{}"), Task.of("b", "{}"), Task.of("c", "{}")));
        SpanData send = only("send mail");
        assertThat(attributes(send)).containsEntry("messaging.batch.message_count", 3L)
                .doesNotContainKey("messaging.message.id").doesNotContainKey("spool.task.type");
        assertThat(backend.stored).hasSize(3)
                .allSatisfy(t -> assertThat(t.headers()).containsEntry("traceparent", traceparent(send)));
    }

    @Test
    void aTaskWithNoRoomLeftForTheHeadersIsSentWithoutThem() {
        Map<String, String> full = new LinkedHashMap<>();
        for (int i = 0; i < Task.MAX_HEADERS; i++) {
            full.put("h" + i, "v");
        }
        queue.enqueue(Task.builder("full").headers(full).build());
        assertThat(backend.stored.get(0).headers()).isEqualTo(full);
        assertThat(only("send mail").getEvents()).extracting(EventData::getName).containsExactly("spool.trace_context_dropped");
    }

    @Test
    void aFailedEnqueueIsAnErrorAndADuplicateIsMarked() {
        assertThatThrownBy(() -> queue.enqueue(Task.of("boom", "{}"))).hasMessage("backend down");
        SpanData failed = only("send mail");
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getEvents()).extracting(EventData::getName).containsExactly("exception");
        assertThat(attributes(failed)).containsEntry("error.type", IllegalStateException.class.getName());
        spans.reset();
        queue.enqueue(Task.builder("t").uniqueKey("taken").build());
        assertThat(attributes(only("send mail"))).containsEntry("spool.task.duplicate", true);
    }

    @Test
    void anAttemptRunsInAConsumerSpanThatIsChildOfAndLinkedToTheProducer() throws Exception {
        queue.enqueue(Task.of("send_welcome", "{}"));
        SpanData send = only("send mail");
        Delivery d = backend.delivery(0);
        AtomicReference<SpanContext> seen = new AtomicReference<>();
        Tracing.process(d, () -> seen.set(Span.current().getSpanContext()));
        SpanData process = only("process mail");
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(process.getTraceId()).isEqualTo(send.getTraceId());
        assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
        assertThat(process.getLinks()).extracting(l -> l.getSpanContext().getSpanId()).containsExactly(send.getSpanId());
        assertThat(seen.get()).isEqualTo(process.getSpanContext());
        assertThat(attributes(process)).containsEntry("messaging.system", "spool")
                .containsEntry("messaging.destination.name", "mail").containsEntry("messaging.operation.type", "process")
                .containsEntry("messaging.message.id", d.id()).containsEntry("spool.task.type", "send_welcome")
                .containsEntry("spool.task.attempt", 1L);
        assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void aFailedAttemptRecordsItsErrorAndAPostponedOneDoesNot() {
        queue.enqueue(Task.of("t", "{}"));
        Delivery d = backend.delivery(0);
        spans.reset();
        assertThatThrownBy(() -> Tracing.process(d, () -> {
            throw new IllegalStateException("smtp refused");
        })).hasMessage("smtp refused");
        SpanData failed = only("process mail");
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getStatus().getDescription()).isEqualTo("smtp refused");
        assertThat(failed.getEvents()).extracting(EventData::getName).containsExactly("exception");
        spans.reset();
        assertThatThrownBy(() -> Tracing.process(d, () -> {
            throw new RetryLaterException(Duration.ofSeconds(30));
        })).isInstanceOf(RetryLaterException.class);
        SpanData later = only("process mail");
        assertThat(later.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(later.getEvents()).extracting(EventData::getName).containsExactly("spool.retry_later");
        assertThat(later.getEvents().get(0).getAttributes().asMap().values()).containsExactly(30_000L);
    }

    @Test
    void withNoInstanceGivenAndNoGlobalSetNothingIsRecordedOrWritten() throws Exception {
        SpoolTracing.useGlobal();
        assertThat(SpoolTracing.openTelemetry()).isSameAs(OpenTelemetry.noop());
        queue.enqueue(Task.of("t", "{}"));
        boolean[] ran = {false};
        Tracing.process(backend.delivery(0), () -> ran[0] = true);
        assertThat(ran[0]).isTrue();
        assertThat(backend.stored.get(0).headers()).isEmpty();
        assertThat(spans.getFinishedSpanItems()).isEmpty();
        assertThat(GlobalOpenTelemetry.isSet()).as("Spool never installs the no-op global itself").isFalse();
    }

    @Test
    void theGlobalInstanceIsUsedOnceTheApplicationSetsIt() {
        GlobalOpenTelemetry.set(sdk);
        try {
            SpoolTracing.useGlobal();
            queue.enqueue(Task.of("t", "{}"));
            assertThat(backend.stored.get(0).headers()).containsEntry("traceparent", traceparent(only("send mail")));
        } finally {
            GlobalOpenTelemetry.resetForTest();
            SpoolTracing.useGlobal();
        }
    }
}

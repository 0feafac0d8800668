package dev.spool.worker;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.NonRetryableException;
import dev.spool.api.RetryLaterException;
import dev.spool.api.RetryPolicy;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.spool.worker.TracedSpans.attributes;
import static org.assertj.core.api.Assertions.assertThat;

/** A real worker on the in-memory backend with the OpenTelemetry SDK: one consumer span per attempt. */
class TracingWorkerTest {
    static final RetryPolicy FAST = RetryPolicy.defaults().withInitialDelay(Duration.ofMillis(20))
            .withMaxDelay(Duration.ofMillis(50));

    TracedSpans spans;
    Broker broker;
    Worker worker;
    final Map<String, SpanContext> seenByHandler = new ConcurrentHashMap<>();
    final AtomicInteger flakyRuns = new AtomicInteger();
    final AtomicInteger laterRuns = new AtomicInteger();

    @BeforeEach
    void start() {
        spans = new TracedSpans();
        broker = Spool.connect("inmemory", BackendConfig.of("inmemory://"));
        worker = Worker.builder(broker).queues("mail").discoverHandlers(false).retryPolicy(FAST).grace(Duration.ofSeconds(5))
                .handler(Handlers.json("send_welcome", (p, ctx) -> {
                    seenByHandler.put(ctx.taskId(), Span.current().getSpanContext());
                    spans.app().spanBuilder("POST /smtp").startSpan().end(); // the handler's own call
                }))
                .handler(Handlers.json("flaky", (p, ctx) -> {
                    if (flakyRuns.incrementAndGet() < 3) {
                        throw new IllegalStateException("smtp refused, run " + flakyRuns.get());
                    }
                }))
                .handler(Handlers.json("bad", (p, ctx) -> {
                    throw new NonRetryableException("no such address");
                }))
                .handler(Handlers.json("later", (p, ctx) -> {
                    if (laterRuns.incrementAndGet() == 1) {
                        throw new RetryLaterException(Duration.ofMillis(10), "rate limited");
                    }
                }))
                .build();
        worker.start();
    }

    @AfterEach
    void stop() {
        worker.close();
        broker.close();
        spans.close();
    }

    @Test
    void theHandlerRunsInAConsumerSpanChildOfTheProducerAndItsOwnCallsJoinTheTrace() {
        Span checkout = spans.app().spanBuilder("checkout").startSpan();
        String id;
        try (Scope ignored = checkout.makeCurrent()) {
            id = broker.queue("mail").enqueue(Task.of("send_welcome", "{}")).taskId();
        } finally {
            checkout.end();
        }
        SpanData process = spans.await("process mail", 1).get(0);
        SpanData send = spans.named("send mail").get(0);
        SpanData smtp = spans.await("POST /smtp", 1).get(0);

        assertThat(send.getParentSpanId()).isEqualTo(checkout.getSpanContext().getSpanId());
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(process.getTraceId()).isEqualTo(checkout.getSpanContext().getTraceId());
        assertThat(process.getParentSpanId()).as("child of the producer span").isEqualTo(send.getSpanId());
        assertThat(process.getLinks()).extracting(l -> l.getSpanContext().getTraceId() + "/" + l.getSpanContext().getSpanId())
                .as("linked to the producer span").containsExactly(send.getTraceId() + "/" + send.getSpanId());
        assertThat(attributes(process)).containsEntry("messaging.system", "spool")
                .containsEntry("messaging.destination.name", "mail").containsEntry("messaging.operation.type", "process")
                .containsEntry("messaging.message.id", id).containsEntry("spool.task.type", "send_welcome")
                .containsEntry("spool.task.attempt", 1L);
        assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(seenByHandler.get(id)).as("Span.current() in the handler").isEqualTo(process.getSpanContext());
        assertThat(smtp.getParentSpanId()).isEqualTo(process.getSpanId());
        assertThat(smtp.getTraceId()).isEqualTo(checkout.getSpanContext().getTraceId());
    }

    @Test
    void eachAttemptOfARetriedTaskHasItsSpanAndAFailedOneRecordsTheError() {
        String id = broker.queue("mail").enqueue(Task.of("flaky", "{}")).taskId();
        List<SpanData> attempts = spans.await("process mail", 3);
        SpanData send = spans.named("send mail").get(0);
        assertThat(attempts).extracting(s -> attributes(s).get("spool.task.attempt")).containsExactly(1L, 2L, 3L);
        assertThat(attempts).allSatisfy(s -> {
            assertThat(s.getParentSpanId()).isEqualTo(send.getSpanId());
            assertThat(attributes(s)).containsEntry("messaging.message.id", id);
        });
        for (SpanData failed : attempts.subList(0, 2)) {
            assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(failed.getStatus().getDescription()).startsWith("smtp refused");
            assertThat(failed.getEvents()).extracting(EventData::getName).containsExactly("exception");
            assertThat(attributes(failed)).containsEntry("error.type", IllegalStateException.class.getName());
        }
        assertThat(attempts.get(2).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(attempts.get(2).getEvents()).isEmpty();
    }

    @Test
    void aDeadLetteredAttemptIsAnErrorAndAPostponedOneIsNot() {
        broker.queue("mail").enqueue(Task.of("bad", "{}"));
        SpanData dead = spans.await("process mail", 1).get(0);
        assertThat(dead.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(dead.getStatus().getDescription()).isEqualTo("no such address");
        spans.exporter.reset();

        broker.queue("mail").enqueue(Task.of("later", "{}"));
        List<SpanData> runs = spans.await("process mail", 2);
        assertThat(runs.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(runs.get(0).getEvents()).extracting(EventData::getName).containsExactly("spool.retry_later");
        assertThat(runs).extracting(s -> attributes(s).get("spool.task.attempt"))
                .as("the postponed attempt is not counted").containsExactly(1L, 1L);
    }
}

package dev.spool.worker;

import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.testkit.redis.RedisServerExtension;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace context travels through each Redis backend's stored task and back to the worker's span. */
class TracingOnRedisTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void theConsumerSpanOnRedisIsAChildOfTheProducerSpan(String backend) {
        String q = "traced-" + backend;
        AtomicReference<SpanContext> seen = new AtomicReference<>();
        try (TracedSpans spans = new TracedSpans();
             Broker broker = Spool.connect(backend, REDIS.url());
             Worker worker = Worker.builder(broker).queues(q).discoverHandlers(false).grace(Duration.ofSeconds(5))
                     .handler(Handlers.json("t", (p, ctx) -> seen.set(Span.current().getSpanContext()))).build()) {
            worker.start();
            Span request = spans.app().spanBuilder("request").startSpan();
            try (Scope ignored = request.makeCurrent()) {
                broker.queue(q).enqueue(Task.builder("t").header("tenant", "acme").build());
            } finally {
                request.end();
            }
            SpanData process = spans.await("process " + q, 1).get(0);
            SpanData send = spans.named("send " + q).get(0);
            assertThat(process.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
            assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
            assertThat(seen.get()).isEqualTo(process.getSpanContext());
        }
    }
}

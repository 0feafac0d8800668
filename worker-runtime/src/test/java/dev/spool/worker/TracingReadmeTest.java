package dev.spool.worker;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.tracing.SpoolTracing;
import dev.spool.testkit.Eventually;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Tracing with OpenTelemetry" example, compiled and run: the code between the
 * {@code README} markers below is the README's snippet, word for word (the second test checks).
 * It goes through the default path, {@code GlobalOpenTelemetry}.
 */
class TracingReadmeTest {
    static final String BEGIN = "// README: tracing begin";
    static final String END = "// README: tracing end";

    /** The README's payload type. */
    public record Welcome(String to, String name) {
    }

    final InMemorySpanExporter exporter = InMemorySpanExporter.create();

    @AfterEach
    void forgetTheGlobal() {
        GlobalOpenTelemetry.resetForTest();
        SpoolTracing.useGlobal();
    }

    @Test
    void theReadmeExampleTracesFromTheCallerToTheHandler() throws Exception {
        try (Broker broker = Spool.connect("inmemory", BackendConfig.of("inmemory://"))) {
            SpoolTracing.useGlobal(); // look at the global at once, not within the second Spool waits between looks
            // README: tracing begin
            OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder()
                            .addSpanProcessor(BatchSpanProcessor.builder(exporter).build()).build())
                    .buildAndRegisterGlobal(); // Spool traces through the global instance once it is set
            // SpoolTracing.use(otel) would send Spool's spans to an instance that is not the global one

            Span checkout = otel.getTracer("shop").spanBuilder("checkout").startSpan();
            try (Scope ignored = checkout.makeCurrent()) {
                broker.queue("mail").enqueue(Task.ofValue("send_welcome", new Welcome("ada@example.com", "Ada")));
                // a span "send mail", child of "checkout"; the task's headers carry its traceparent
            } finally {
                checkout.end();
            }

            Worker worker = Worker.builder(broker).queues("mail")
                    .handle("send_welcome", Welcome.class, (w, ctx) -> {
                        // the span "process mail" is current: a child of "send mail", so the HTTP and
                        // database calls made here join the checkout's trace
                        Span.current().setAttribute("mail.to", w.to());
                    })
                    .build();
            worker.start();
            // README: tracing end
            try (otel; worker) {
                Eventually.until(Duration.ofSeconds(30), () -> "the process span among " + exporter.getFinishedSpanItems(),
                        () -> otel.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS).isSuccess()
                                && exporter.getFinishedSpanItems().stream().anyMatch(s -> s.getName().equals("process mail")));
                Map<String, SpanData> byName = exporter.getFinishedSpanItems().stream()
                        .collect(Collectors.toMap(SpanData::getName, s -> s));
                assertThat(byName.get("send mail").getParentSpanId()).isEqualTo(byName.get("checkout").getSpanId());
                assertThat(byName.get("process mail").getParentSpanId()).isEqualTo(byName.get("send mail").getSpanId());
                assertThat(byName.get("process mail").getTraceId()).isEqualTo(byName.get("checkout").getTraceId());
                assertThat(TracedSpans.attributes(byName.get("process mail"))).containsEntry("mail.to", "ada@example.com");
            }
        }
    }

    @Test
    void theReadmeShowsThisCodeWordForWord() throws Exception {
        Path source = Path.of("src/test/java", getClass().getName().replace('.', '/') + ".java");
        Path readme = Path.of("..", "README.md");
        assertThat(source).as("run from the worker-runtime module directory").exists();
        List<String> lines = Files.readAllLines(source);
        List<String> snippet = lines.subList(indexOf(lines, BEGIN) + 1, indexOf(lines, END));
        int indent = snippet.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        String code = snippet.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
        assertThat(Files.readString(readme)).as("README.md holds the snippet of %s", source).contains(code);
    }

    private static int indexOf(List<String> lines, String marker) {
        int at = lines.stream().map(String::strip).toList().indexOf(marker);
        assertThat(at).as("marker '%s'", marker).isNotNegative();
        return at;
    }
}

package dev.spool.worker;

import dev.spool.api.tracing.SpoolTracing;
import dev.spool.testkit.Eventually;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The OpenTelemetry SDK with an in-memory exporter, given to Spool for one test ({@link #close()} goes
 * back to the default); finds the finished spans by name.
 */
final class TracedSpans implements AutoCloseable {
    final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(
            SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();

    TracedSpans() {
        SpoolTracing.use(sdk);
    }

    Tracer app() {
        return sdk.getTracer("app");
    }

    /** The finished spans named {@code name}, oldest first. */
    List<SpanData> named(String name) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name))
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
    }

    /** Waits until {@code n} spans named {@code name} have finished, and returns them. */
    List<SpanData> await(String name, int n) {
        Eventually.until(Duration.ofSeconds(30), () -> n + " spans named '" + name + "' among " + exporter.getFinishedSpanItems(),
                () -> named(name).size() >= n);
        return named(name);
    }

    /** The attributes of {@code span} by name. */
    static Map<String, Object> attributes(SpanData span) {
        return span.getAttributes().asMap().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().getKey(), Map.Entry::getValue));
    }

    @Override
    public void close() {
        SpoolTracing.useGlobal();
        sdk.close();
    }
}

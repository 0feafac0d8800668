package dev.spool.bench;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The OpenTelemetry SDK of the traced drain ({@code --otel}): the SDK's defaults (sampler parent-based
 * always-on, a {@link BatchSpanProcessor} with its default queue and batch sizes), exporting to an
 * exporter that counts the consumer spans and drops them, so that the figure is the cost of recording
 * and not of a network exporter. A span the processor drops (its queue full) is not counted.
 */
final class BenchTracing {
    /** Names the file a worker JVM writes its count of consumer spans to when it stops; set, the JVM traces. */
    static final String SPANS_FILE_ENV = "SPOOL_BENCH_OTEL_SPANS";

    private BenchTracing() {
    }

    /** An SDK whose exporter adds each consumer span it is given to {@code consumerSpans}. */
    static OpenTelemetrySdk sdk(LongAdder consumerSpans) {
        SpanExporter counting = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                for (SpanData s : spans) {
                    if (s.getKind() == SpanKind.CONSUMER) {
                        consumerSpans.increment();
                    }
                }
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        return OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(BatchSpanProcessor.builder(counting).build()).build()).build();
    }

    /**
     * In a worker JVM (a {@link TracedWorker} process or the inmemory child): when {@link #SPANS_FILE_ENV}
     * is set, installs the SDK as the global OpenTelemetry, which Spool then traces through, and writes
     * the consumer spans exported to that file when the JVM stops (after the drain, every span has ended).
     */
    static void installIfAsked() {
        String file = System.getenv(SPANS_FILE_ENV);
        if (file == null || file.isBlank()) {
            return;
        }
        LongAdder spans = new LongAdder();
        OpenTelemetrySdk sdk = sdk(spans);
        GlobalOpenTelemetry.set(sdk);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
            try {
                Files.writeString(Path.of(file), Long.toString(spans.sum()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "bench-otel-spans"));
    }

    /** The count a worker JVM wrote to {@code file}, or -1 when it wrote none. */
    static long readCount(Path file) {
        try {
            return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}

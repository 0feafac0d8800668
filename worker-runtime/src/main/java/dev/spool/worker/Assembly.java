package dev.spool.worker;

import dev.spool.api.SpoolException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a worker runs deliveries with, built once from its builder's settings, so that a {@link Worker}
 * and an {@link InlineWorker} process a delivery the same way. Its duties:
 * <ol>
 *   <li>build the {@link Wiring} (injector, handlers, discovered interceptors), refusing a worker with
 *       no handler at all;</li>
 *   <li>create the meters;</li>
 *   <li>order the interceptor chain (tracing when OpenTelemetry is present, logging, meters, the builder's,
 *       the discovered ones) and the listeners (meters, the builder's);</li>
 *   <li>create the {@link Processor} over them.</li>
 * </ol>
 */
final class Assembly {
    final Wiring wiring;
    final WorkerMetrics metrics;
    final Processor processor;

    private Assembly(Wiring wiring, WorkerMetrics metrics, Processor processor) {
        this.wiring = wiring;
        this.metrics = metrics;
        this.processor = processor;
    }

    /**
     * Builds the parts from {@code b} (its defaults filled in).
     *
     * @param queues   the worker's queues, for the message when it has no handler
     * @param inFlight how many deliveries the worker holds, for the in-flight gauge
     * @param leave    called when a delivery leaves the worker (see {@link Processor})
     */
    static Assembly of(Worker.Builder b, List<String> queues, Supplier<Number> inFlight, Consumer<Execution> leave) {
        Wiring wiring = Wiring.create(b.broker, b.clock, b.meters, b.discover, b.handlersDir, b.modules, b.handlers);
        if (wiring.handlers.isEmpty()) {
            wiring.close();
            throw new SpoolException("no task handlers found for worker on " + queues + ": "
                    + (b.handlersDir == null ? "" : "no JAR in " + b.handlersDir.toAbsolutePath() + " declares one, ")
                    + (b.discover ? "none on the classpath" : "classpath discovery is off")
                    + "; put a handler JAR with META-INF/services/dev.spool.api.TaskHandler in the handlers directory");
        }
        WorkerMetrics metrics = new WorkerMetrics(b.meters, wiring.handlers.keySet(), inFlight);
        List<TaskInterceptor> chain = new ArrayList<>();
        TracingInterceptor tracing = TracingInterceptor.ifAvailable(); // outermost: the span covers the rest
        if (tracing != null) {
            chain.add(tracing);
        }
        chain.add(new LoggingInterceptor());
        chain.add(metrics);
        chain.addAll(b.interceptors);
        chain.addAll(wiring.interceptors);
        List<WorkerListener> listeners = new ArrayList<>();
        listeners.add(metrics);
        listeners.addAll(b.listeners);
        Processor processor = new Processor(b.broker, wiring.handlers, List.copyOf(chain), new Listeners(listeners),
                b.retryPolicy, b.defaultTimeout, b.clock, leave);
        return new Assembly(wiring, metrics, processor);
    }
}

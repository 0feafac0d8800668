package dev.spool.worker;

import dev.spool.api.Delivery;
import dev.spool.api.QueueStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The worker's Micrometer meters, as a listener (counts) and an interceptor (handler run time):
 * <ul>
 *   <li>{@code spool.tasks.started|succeeded|retried|dead_lettered|cancelled} counters, tagged queue and type;</li>
 *   <li>{@code spool.tasks.duration} timer of handler calls, tagged queue, type and outcome
 *       ({@code success} or {@code error});</li>
 *   <li>{@code spool.tasks.in_flight} gauge: deliveries this worker holds;</li>
 *   <li>{@code spool.queue.depth} gauge tagged queue and state ({@code ready}, {@code delayed},
 *       {@code in_flight}, {@code dead}), refreshed with each heartbeat;</li>
 *   <li>{@code spool.queue.latency} time gauge tagged queue: the age of the queue's oldest ready task
 *       ({@link QueueStats#latency()}), refreshed with each heartbeat;</li>
 *   <li>{@code spool.queue.dead_dropped} counter tagged queue: dead letters the backend's bounds deleted,
 *       since the queue began, refreshed with each heartbeat;</li>
 *   <li>{@code spool.queue.expired} counter tagged queue: tasks found past their deadline and never run
 *       (dead-lettered or dropped), since the queue began, refreshed with each heartbeat;</li>
 *   <li>{@code spool.fetch.failures} counter tagged queue: fetches that failed (each one rests the queue).</li>
 * </ul>
 * A type this worker has no handler for is tagged {@code _unknown}, so junk cannot grow the tag set.
 */
final class WorkerMetrics implements WorkerListener, TaskInterceptor {
    private final MeterRegistry registry;
    private final Set<String> knownTypes;
    private final Map<String, AtomicLong> depth = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> deadDropped = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> expired = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> latencyMs = new ConcurrentHashMap<>();

    WorkerMetrics(MeterRegistry registry, Set<String> knownTypes, Supplier<Number> inFlight) {
        this.registry = registry;
        this.knownTypes = knownTypes;
        Gauge.builder("spool.tasks.in_flight", inFlight).description("deliveries this worker holds")
                .register(registry);
    }

    private String type(Delivery d) {
        return knownTypes.contains(d.task().type()) ? d.task().type() : "_unknown";
    }

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /** The counter {@code name} of the delivery's queue and type, built once (the hot path is a map lookup). */
    private Counter counter(String name, Delivery d) {
        String type = type(d);
        return counters.computeIfAbsent(name + '\u0000' + d.queue() + '\u0000' + type,
                k -> Counter.builder(name).tag("queue", d.queue()).tag("type", type).register(registry));
    }

    private Timer timer(String queue, String type, String outcome) {
        return timers.computeIfAbsent(queue + '\u0000' + type + '\u0000' + outcome,
                k -> Timer.builder("spool.tasks.duration").tag("queue", queue).tag("type", type).tag("outcome", outcome)
                        .register(registry));
    }

    @Override
    public void onStarted(Delivery d) {
        counter("spool.tasks.started", d).increment();
    }

    @Override
    public void onSucceeded(Delivery d, Duration took) {
        counter("spool.tasks.succeeded", d).increment();
    }

    @Override
    public void onRetried(Delivery d, Throwable error, Duration delay) {
        counter("spool.tasks.retried", d).increment();
    }

    @Override
    public void onDeadLettered(Delivery d, String reason) {
        counter("spool.tasks.dead_lettered", d).increment();
    }

    @Override
    public void onCancelled(Delivery d) {
        counter("spool.tasks.cancelled", d).increment();
    }

    @Override
    public void intercept(Invocation invocation) throws Exception {
        long t0 = System.nanoTime();
        String outcome = "error";
        try {
            invocation.proceed();
            outcome = "success";
        } finally {
            timer(invocation.queue(), type(invocation.delivery()), outcome).record(System.nanoTime() - t0,
                    java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** Counts a failed fetch of {@code queue}. */
    void fetchFailed(String queue) {
        counters.computeIfAbsent("spool.fetch.failures\u0000" + queue,
                k -> Counter.builder("spool.fetch.failures").description("fetches that failed; the queue rests after each")
                        .tag("queue", queue).register(registry)).increment();
    }

    /** Records the latest figures of a queue. */
    void queueStats(QueueStats s) {
        gauge(s.queue(), "ready").set(s.ready());
        gauge(s.queue(), "delayed").set(s.delayed());
        gauge(s.queue(), "in_flight").set(s.inFlight());
        gauge(s.queue(), "dead").set(s.dead());
        latencyMs.computeIfAbsent(s.queue(), q -> {
            AtomicLong v = new AtomicLong();
            TimeGauge.builder("spool.queue.latency", v, TimeUnit.MILLISECONDS, AtomicLong::get)
                    .description("the age of the queue's oldest ready task").tag("queue", q).register(registry);
            return v;
        }).set(s.latency().toMillis());
        total(deadDropped, s.queue(), "spool.queue.dead_dropped",
                "dead letters deleted by the backend's bounds (dead.max-count, dead.max-age)").set(s.deadDropped());
        total(expired, s.queue(), "spool.queue.expired",
                "tasks found past their deadline and never run (dead-lettered or dropped)").set(s.expired());
    }

    /** The value behind a queue's counter of a backend total, registered on first use. */
    private AtomicLong total(Map<String, AtomicLong> of, String queue, String name, String description) {
        return of.computeIfAbsent(queue, q -> {
            AtomicLong v = new AtomicLong();
            FunctionCounter.builder(name, v, AtomicLong::get).description(description).tag("queue", q).register(registry);
            return v;
        });
    }

    private AtomicLong gauge(String queue, String state) {
        return depth.computeIfAbsent(queue + "\u0000" + state, k -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("spool.queue.depth", v, AtomicLong::get).tag("queue", queue).tag("state", state)
                    .register(registry);
            return v;
        });
    }
}

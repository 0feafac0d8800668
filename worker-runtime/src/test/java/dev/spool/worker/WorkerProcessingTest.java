package dev.spool.worker;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.CancelResult;
import dev.spool.api.DeadLetter;
import dev.spool.api.Delivery;
import dev.spool.api.NonRetryableException;
import dev.spool.api.RetryPolicy;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskQueue;
import dev.spool.api.TaskState;
import dev.spool.testkit.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The processor against the in-memory backend: success, retries, dead letters, bad input. */
class WorkerProcessingTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final RetryPolicy FAST = RetryPolicy.defaults().withInitialDelay(Duration.ofMillis(20))
            .withMaxDelay(Duration.ofMillis(200)).withJitter(0.2);

    Broker broker;
    Worker worker;

    @BeforeEach
    void open() {
        broker = Spool.connect("inmemory", BackendConfig.of("inmemory://"));
    }

    @AfterEach
    void close() {
        if (worker != null) {
            worker.close();
        }
        broker.close();
    }

    public record Mail(String to, int n) {
    }

    Worker.Builder builder() {
        return Worker.builder(broker).queues("q").discoverHandlers(false).retryPolicy(FAST).grace(Duration.ofSeconds(5));
    }

    List<DeadLetter> dead() {
        return broker.inspector().deadLetters("q", 0, 100);
    }

    @Test
    void runsTheHandlerWithTheDecodedPayloadAndAcknowledges() {
        List<Mail> seen = new CopyOnWriteArrayList<>();
        worker = builder().handler(Handlers.of("mail", Mail.class, (m, ctx) -> seen.add(m))).build();
        worker.start();
        for (int i = 0; i < 20; i++) {
            broker.queue("q").enqueue(Task.ofValue("mail", new Mail("ada@example.com", i)));
        }
        Eventually.until(WAIT, "20 tasks acknowledged", () -> worker.snapshot().succeeded() == 20);
        assertThat(seen).hasSize(20).extracting(Mail::n).containsExactlyInAnyOrder(
                java.util.stream.IntStream.range(0, 20).boxed().toArray(Integer[]::new));
        assertThat(broker.inspector().stats("q").pending()).isZero();
        assertThat(dead()).isEmpty();
    }

    public record Parsed(int lines, List<String> errors) {
    }

    @Test
    void aLambdaHandlerRunsLikeAHandlerClass() {
        List<Mail> seen = new CopyOnWriteArrayList<>();
        worker = Worker.builder(broker).queues("q").discoverHandlers(false)
                .handle("mail", Mail.class, (mail, ctx) -> seen.add(mail)).build();
        worker.start();
        broker.queue("q").enqueue(Task.ofValue("mail", new Mail("ada@example.com", 7)));
        Eventually.until(WAIT, "acknowledged", () -> worker.snapshot().succeeded() == 1);
        assertThat(seen).containsExactly(new Mail("ada@example.com", 7));
        assertThatThrownBy(() -> dev.spool.api.TaskHandler.of("bad type", Mail.class, (m, c) -> { }))
                .hasMessageContaining("task field 'type'");
    }

    @Test
    void aHandlerThatAsksToRunLaterRunsAgainWithTheAttemptNotCounted() {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        worker = builder().handler(Handlers.json("api", (p, ctx) -> {
            attempts.add(ctx.attempt());
            if (attempts.size() == 1) {
                throw new dev.spool.api.RetryLaterException(Duration.ofMillis(300), "429 Too Many Requests");
            }
            if (attempts.size() == 2) {
                ctx.retryLater(Duration.ofMillis(100));
            }
        })).build();
        worker.start();
        broker.queue("q").enqueue(Task.of("api", "{}"));
        Eventually.until(WAIT, "acknowledged after two hand-backs", () -> worker.snapshot().succeeded() == 1);
        assertThat(attempts).containsExactly(1, 1, 1);
        assertThat(worker.snapshot().retried()).isZero();
        assertThat(dead()).isEmpty();
    }

    @Test
    void aHandlersResultIsKeptWithTheTaskItsOversizedResultFailsTheAttempt() {
        worker = builder().concurrency(4).handler(Handlers.json("parse", (p, ctx) -> {
            if (p.getAsJsonObject().has("huge")) {
                ctx.setResultJson("\"" + "x".repeat((int) Task.maxResultBytes()) + "\"");
            }
            ctx.setResult(new Parsed(120, List.of("E1")));
        })).build();
        worker.start();
        TaskQueue q = broker.queue("q");
        String kept = q.enqueue(Task.builder("parse").retention(Duration.ofHours(1)).build()).taskId();
        String plain = q.enqueue(Task.builder("parse").build()).taskId();
        String huge = q.enqueue(Task.builder("parse").payload("{\"huge\":true}").maxAttempts(1)
                .retention(Duration.ofHours(1)).build()).taskId();
        Eventually.until(WAIT, "two acknowledged, one dead", () -> worker.snapshot().succeeded() == 2 && dead().size() == 1);
        TaskInfo info = broker.inspector().task("q", kept).orElseThrow();
        assertThat(info.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(info.result()).isEqualTo("{\"lines\":120,\"errors\":[\"E1\"]}");
        assertThat(broker.inspector().task("q", plain)).as("no retention: not kept").isEmpty();
        DeadLetter d = dead().get(0);
        assertThat(d.id()).isEqualTo(huge);
        assertThat(d.error()).contains("result of task " + huge, "limit", Task.MAX_RESULT_PROPERTY);
    }

    @Test
    void aCooperativeHandlerThatReturnsOnceCancelledEndsCancelledNotSucceeded() {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        worker = builder().handler(Handlers.json("loop", (p, ctx) -> {
            started.countDown();
            long end = System.nanoTime() + WAIT.toNanos();
            while (!ctx.isCancelled() && System.nanoTime() < end) {
                Thread.onSpinWait(); // busy, ignoring interrupts: it only looks at isCancelled()
            }
        })).build();
        worker.start();
        String id = broker.queue("q").enqueue(Task.builder("loop").retention(Duration.ofHours(1)).build()).taskId();
        Eventually.until(WAIT, "running", () -> started.getCount() == 0);
        assertThat(broker.inspector().cancel("q", id)).isEqualTo(CancelResult.REQUESTED);
        Eventually.until(WAIT, "cancelled", () -> worker.snapshot().cancelled() == 1);
        assertThat(worker.snapshot().succeeded()).isZero();
        assertThat(broker.inspector().task("q", id).orElseThrow().state()).isEqualTo(TaskState.CANCELLED);
    }

    @Test
    void progressReportsAreThrottledAndTheLastOneIsKept() throws Exception {
        AtomicInteger writes = new AtomicInteger();
        Broker counting = countingProgress(broker, writes);
        AtomicInteger calls = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<dev.spool.api.TaskProgress> seenWhileRunning =
                new java.util.concurrent.atomic.AtomicReference<>();
        worker = Worker.builder(counting).queues("q").discoverHandlers(false).retryPolicy(FAST)
                .handler(Handlers.json("render", (p, ctx) -> {
                    long end = System.nanoTime() + Duration.ofMillis(700).toNanos();
                    for (int i = 0; System.nanoTime() < end; i++) { // a tight loop, as a careless handler would
                        ctx.progress(i % 100, java.util.Map.of("page", i));
                        calls.incrementAndGet();
                    }
                    ctx.progress(77, "last page");
                    String id = ctx.taskId();
                    Eventually.until(WAIT, "the last report written by the worker's timer", () -> {
                        var info = broker.inspector().task("q", id).orElseThrow();
                        seenWhileRunning.set(info.progress());
                        return info.progress() != null && info.progress().percent() == 77;
                    });
                })).build();
        worker.start();
        String id = broker.queue("q").enqueue(Task.builder("render").retention(Duration.ofHours(1)).build()).taskId();
        Eventually.until(WAIT, "done", () -> worker.snapshot().succeeded() == 1);
        assertThat(seenWhileRunning.get().detail()).isEqualTo("\"last page\"");
        assertThat(calls.get()).as("reports made").isGreaterThan(1000);
        assertThat(writes.get()).as("reports written in about 1.5 s: one per half second, at most")
                .isBetween(2, 6);
        assertThat(broker.inspector().task("q", id).orElseThrow().progress()).as("ended: outcome, not progress").isNull();
    }

    /** {@code broker} with every queue's {@code progress} calls counted in {@code writes}. */
    static Broker countingProgress(Broker broker, AtomicInteger writes) {
        return proxy(Broker.class, broker, (m, args) -> {
            Object r = m.invoke(broker, args);
            if (m.getName().equals("queue")) {
                TaskQueue q = (TaskQueue) r;
                return proxy(TaskQueue.class, q, (qm, qargs) -> {
                    if (qm.getName().equals("progress")) {
                        writes.incrementAndGet();
                    }
                    return qm.invoke(q, qargs);
                });
            }
            return r;
        });
    }

    interface Call {
        Object call(java.lang.reflect.Method m, Object[] args) throws Exception;
    }

    static <T> T proxy(Class<T> type, T target, Call call) {
        return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, m, args) -> {
                    try {
                        return call.call(m, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
    }

    @Test
    void retriesWithBackoffUntilTheHandlerSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        List<Duration> delays = new CopyOnWriteArrayList<>();
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        worker = builder()
                .handler(Handlers.json("flaky", (p, ctx) -> {
                    attempts.add(ctx.attempt());
                    if (calls.incrementAndGet() < 4) {
                        throw new IllegalStateException("flake " + calls.get());
                    }
                }))
                .listener(new WorkerListener() {
                    @Override
                    public void onRetried(Delivery d, Throwable error, Duration delay) {
                        delays.add(delay);
                    }
                })
                .build();
        worker.start();
        broker.queue("q").enqueue(Task.of("flaky", "{}"));
        Eventually.until(WAIT, "the 4th attempt acknowledged", () -> worker.snapshot().succeeded() == 1);
        assertThat(attempts).containsExactly(1, 2, 3, 4);
        assertThat(worker.snapshot().retried()).isEqualTo(3);
        // exponential: 20 ms, 40 ms, 80 ms, each within ±20 % jitter
        assertThat(delays).hasSize(3);
        long[] base = {20, 40, 80};
        for (int i = 0; i < 3; i++) {
            assertThat(delays.get(i).toMillis()).isBetween(Math.round(base[i] * 0.8) - 1, Math.round(base[i] * 1.2) + 1);
        }
        assertThat(dead()).isEmpty();
    }

    @Test
    void deadLettersAfterTheLastAttemptWithTheLastError() {
        AtomicInteger calls = new AtomicInteger();
        worker = builder().handler(Handlers.json("doomed", (p, ctx) -> {
            throw new IllegalArgumentException("failure #" + calls.incrementAndGet());
        })).build();
        worker.start();
        broker.queue("q").enqueue(Task.builder("doomed").maxAttempts(3).build());
        Eventually.until(WAIT, "a dead letter", () -> dead().size() == 1);
        DeadLetter d = dead().get(0);
        assertThat(d.attempts()).isEqualTo(3);
        assertThat(d.error()).isEqualTo("java.lang.IllegalArgumentException: failure #3");
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void theHandlersOwnRetryPolicyWinsOverTheWorkers() {
        AtomicInteger calls = new AtomicInteger();
        RetryPolicy twice = RetryPolicy.defaults().withMaxAttempts(2).withInitialDelay(Duration.ofMillis(10)).withJitter(0);
        worker = builder().retryPolicy(FAST.withMaxAttempts(8))
                .handler(Handlers.of("two", com.google.gson.JsonElement.class, twice, (p, ctx) -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("no");
                })).build();
        worker.start();
        broker.queue("q").enqueue(Task.of("two", "{}"));
        Eventually.until(WAIT, "a dead letter", () -> dead().size() == 1);
        assertThat(calls.get()).isEqualTo(2);
        assertThat(dead().get(0).attempts()).isEqualTo(2);
    }

    @Test
    void nonRetryableExceptionDeadLettersAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        List<String> reasons = new CopyOnWriteArrayList<>();
        worker = builder().handler(Handlers.json("bad", (p, ctx) -> {
            calls.incrementAndGet();
            throw new NonRetryableException("customer 42 does not exist");
        })).listener(new WorkerListener() {
            @Override
            public void onDeadLettered(Delivery d, String reason) {
                reasons.add(reason);
            }
        }).build();
        worker.start();
        broker.queue("q").enqueue(Task.of("bad", "{}"));
        Eventually.until(WAIT, "a dead letter", () -> dead().size() == 1);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(dead().get(0).error()).isEqualTo("customer 42 does not exist");
        assertThat(dead().get(0).attempts()).isEqualTo(1);
        Eventually.until(WAIT, "the listener told", () -> !reasons.isEmpty()); // told after the backend call
        assertThat(reasons).containsExactly("customer 42 does not exist");
    }

    @Test
    void aTaskOfUnknownTypeIsDeadLetteredNamingTheKnownTypes() {
        worker = builder().handler(Handlers.json("alpha", (p, ctx) -> { }))
                .handler(Handlers.json("beta", (p, ctx) -> { })).build();
        worker.start();
        String id = broker.queue("q").enqueue(Task.of("gamma", "{}")).taskId();
        broker.queue("q").enqueue(Task.of("alpha", "{}"));
        Eventually.until(WAIT, "a dead letter", () -> dead().size() == 1);
        DeadLetter d = dead().get(0);
        assertThat(d.id()).isEqualTo(id);
        assertThat(d.error()).contains("no handler for task type 'gamma'", "queue 'q'", id, "[alpha, beta]");
        Eventually.until(WAIT, "the next task still runs", () -> worker.snapshot().succeeded() == 1);
    }

    @Test
    void aPayloadThatDoesNotDecodeIsDeadLetteredAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        worker = builder().handler(Handlers.of("mail", Mail.class, (m, ctx) -> calls.incrementAndGet())).build();
        worker.start();
        String id = broker.queue("q").enqueue(Task.of("mail", "{\"to\":\"x\",\"n\":\"not a number\"}")).taskId();
        Eventually.until(WAIT, "a dead letter", () -> dead().size() == 1);
        assertThat(calls.get()).isZero();
        assertThat(dead().get(0).attempts()).isEqualTo(1);
        assertThat(dead().get(0).error()).contains(id, "'mail'", "Mail");
    }

    @Test
    void aHandlerCanEnqueueFollowUpTasksThroughItsContext() {
        ConcurrentHashMap<String, Boolean> done = new ConcurrentHashMap<>();
        worker = builder().queues("q", "other")
                .handler(Handlers.json("first", (p, ctx) -> ctx.enqueue("other", Task.of("second", "{}"))))
                .handler(Handlers.json("second", (p, ctx) -> done.put(ctx.queue(), true))).build();
        worker.start();
        broker.queue("q").enqueue(Task.of("first", "{}"));
        Eventually.until(WAIT, "the follow-up ran", () -> done.containsKey("other"));
    }

    @Test
    void strictQueueOrderServesALaterQueueOnlyWhenEarlierOnesAreEmpty() {
        List<String> order = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            broker.queue("low").enqueue(Task.of("job", "{}"));
            broker.queue("high").enqueue(Task.of("job", "{}"));
        }
        worker = Worker.builder(broker).queues("high", "low").concurrency(1).discoverHandlers(false)
                .handler(Handlers.json("job", (p, ctx) -> order.add(ctx.queue()))).build();
        worker.start();
        Eventually.until(WAIT, "10 tasks done", () -> order.size() == 10);
        assertThat(order).containsExactly("high", "high", "high", "high", "high", "low", "low", "low", "low", "low");
    }

    @Test
    void anAbsurdlyLongTaskTimeoutStillRuns() {
        worker = builder().handler(Handlers.json("t", (p, ctx) -> { })).build();
        worker.start();
        broker.queue("q").enqueue(Task.builder("t").timeout(Duration.ofDays(365L * 1000)).build());
        Eventually.until(WAIT, "the task acknowledged", () -> worker.snapshot().succeeded() == 1);
    }

    @Test
    void aWorkerWithoutHandlersRefusesToBuild() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder().build())
                .hasMessageContaining("no task handlers found");
    }

    @Test
    void deadLettersDroppedByTheBoundsShowInTheMetrics() {
        broker.close();
        broker = Spool.connect("inmemory", BackendConfig.builder("inmemory://").option("dead.max-count", "1").build());
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        worker = builder().heartbeat(Duration.ofMillis(100)).meterRegistry(meters)
                .handler(Handlers.json("doomed", (p, ctx) -> {
                    throw new NonRetryableException("no");
                })).build();
        worker.start();
        for (int i = 0; i < 3; i++) {
            broker.queue("q").enqueue(Task.of("doomed", "{}"));
        }
        Eventually.until(WAIT, "three dead-lettered", () -> worker.snapshot().deadLettered() == 3);
        assertThat(broker.inspector().stats("q").deadDropped()).isEqualTo(2);
        Eventually.until(WAIT, "spool.queue.dead_dropped at 2", () -> {
            var c = meters.find("spool.queue.dead_dropped").tag("queue", "q").functionCounter();
            return c != null && c.count() == 2.0;
        });
    }
}

package dev.spool.worker;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.CancelResult;
import dev.spool.api.NonRetryableException;
import dev.spool.api.RetryPolicy;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskState;
import dev.spool.testkit.Eventually;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker on each Redis backend: the processing rules and the shutdown hand-back hold there too. */
class WorkerOnRedisTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();
    static final Duration WAIT = Duration.ofSeconds(60);

    static Broker open(String backend) {
        return Spool.connect(backend, BackendConfig.builder(REDIS.url()).lease(Duration.ofSeconds(30)).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void retriesDeadLettersTimeoutsAndRenewalsWork(String backend) {
        String q = "wr-" + backend;
        AtomicInteger flaky = new AtomicInteger();
        try (Broker broker = open(backend);
             Worker worker = Worker.builder(broker).queues(q).discoverHandlers(false).concurrency(4)
                     .lease(Duration.ofSeconds(3)) // renewed every second: a stall of up to 2 s loses no lease
                     .retryPolicy(RetryPolicy.defaults().withInitialDelay(Duration.ofMillis(50)).withMaxDelay(Duration.ofMillis(200)))
                     .handler(Handlers.json("ok", (p, ctx) -> { }))
                     .handler(Handlers.json("flaky", (p, ctx) -> {
                         if (flaky.incrementAndGet() < 3) {
                             throw new IllegalStateException("flake");
                         }
                     }))
                     .handler(Handlers.json("bad", (p, ctx) -> {
                         throw new NonRetryableException("bad input");
                     }))
                     .handler(Handlers.json("slow", (p, ctx) -> Thread.sleep(60_000)))
                     .handler(Handlers.json("long", (p, ctx) -> Thread.sleep(10_000))) // > 3 leases: renewed
                     .build()) {
            worker.start();
            for (int i = 0; i < 20; i++) {
                broker.queue(q).enqueue(Task.of("ok", "{}"));
            }
            broker.queue(q).enqueue(Task.of("flaky", "{}"));
            broker.queue(q).enqueue(Task.of("bad", "{}"));
            broker.queue(q).enqueue(Task.of("nobody-handles-this", "{}"));
            broker.queue(q).enqueue(Task.builder("slow").timeout(Duration.ofMillis(300)).maxAttempts(1).build());
            broker.queue(q).enqueue(Task.of("long", "{}"));
            Eventually.until(WAIT, () -> "all settled: " + worker.snapshot() + " " + broker.inspector().stats(q),
                    () -> broker.inspector().stats(q).pending() == 0 && worker.snapshot().succeeded() == 22);
            assertThat(broker.inspector().stats(q).dead()).isEqualTo(3);
            assertThat(worker.snapshot().retried()).isEqualTo(2);
            assertThat(broker.inspector().deadLetters(q, 0, 10)).extracting(d -> d.error()).anySatisfy(
                    e -> assertThat(e).contains("timed out after 300ms")).anySatisfy(
                    e -> assertThat(e).contains("no handler for task type 'nobody-handles-this'")).contains("bad input");
        }
    }

    /**
     * Cancelling a running task and one still waiting for a thread: the worker learns of both within
     * about a second (its cancel check), the running handler is interrupted, and both end cancelled,
     * never retried; with a retention they are found as cancelled.
     */
    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void aCancelledRunningTaskStopsWithinASecondAndIsNeverRetried(String backend) throws Exception {
        String q = "wx-" + backend;
        CountDownLatch running = new CountDownLatch(1);
        AtomicInteger starts = new AtomicInteger();
        List<Long> stoppedAfterMs = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Broker broker = open(backend);
             Worker worker = Worker.builder(broker).queues(q).discoverHandlers(false).concurrency(1).prefetch(2)
                     .handler(Handlers.json("long", (p, ctx) -> {
                         starts.incrementAndGet();
                         running.countDown();
                         long start = System.nanoTime();
                         try {
                             Thread.sleep(60_000);
                         } finally {
                             stoppedAfterMs.add((System.nanoTime() - start) / 1_000_000);
                         }
                     }))
                     .build()) {
            worker.start();
            Task kept = Task.builder("long").maxAttempts(5).retention(Duration.ofHours(1)).build();
            String runningId = broker.queue(q).enqueue(kept).taskId();
            String waitingId = broker.queue(q).enqueue(kept).taskId();
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            Eventually.until(WAIT, "both held", () -> worker.snapshot().held() == 2);
            long asked = System.nanoTime();
            assertThat(broker.inspector().cancel(q, runningId)).isEqualTo(CancelResult.REQUESTED);
            assertThat(broker.inspector().cancel(q, waitingId)).isEqualTo(CancelResult.REQUESTED);
            Eventually.until(WAIT, () -> "both ended: " + worker.snapshot(), () -> worker.snapshot().held() == 0);
            long tookMs = (System.nanoTime() - asked) / 1_000_000;
            assertThat(tookMs).as("the worker checks about once a second").isLessThan(5_000);
            assertThat(stoppedAfterMs).hasSize(1);
            assertThat(starts.get()).as("the waiting task never started").isEqualTo(1);
            assertThat(worker.snapshot().cancelled()).isEqualTo(1);
            assertThat(worker.snapshot().retried()).isZero();
            assertThat(broker.inspector().task(q, runningId).orElseThrow().state()).isEqualTo(TaskState.CANCELLED);
            assertThat(broker.inspector().task(q, waitingId).orElseThrow().state()).isEqualTo(TaskState.CANCELLED);
            assertThat(broker.inspector().stats(q).pending()).isZero();
            Thread.sleep(300);
            assertThat(starts.get()).as("never retried").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void closeHandsBackWhatDidNotStart(String backend) throws Exception {
        String q = "wc-" + backend;
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        try (Broker broker = open(backend)) {
            Worker worker = Worker.builder(broker).queues(q).discoverHandlers(false).concurrency(1).prefetch(3)
                    .handler(Handlers.json("job", (p, ctx) -> {
                        running.countDown();
                        finish.await();
                    })).build();
            for (int i = 0; i < 4; i++) {
                broker.queue(q).enqueue(Task.of("job", "{}"));
            }
            worker.start();
            assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();
            Eventually.until(WAIT, "4 held", () -> worker.snapshot().held() == 4);
            Thread closer = new Thread(worker::close);
            closer.start();
            Eventually.until(WAIT, "3 handed back", () -> broker.inspector().stats(q).ready() == 3);
            finish.countDown();
            closer.join(60_000);
            var stats = broker.inspector().stats(q);
            assertThat(stats.inFlight()).isZero();
            assertThat(stats.ready()).isEqualTo(3);
            assertThat(broker.queue(q).fetch(3, Duration.ofSeconds(1))).allSatisfy(d -> assertThat(d.attempt()).isEqualTo(1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void manyTasksAreAcknowledgedAndEachOneReported(String backend) {
        String q = "wm-" + backend;
        AtomicInteger reported = new AtomicInteger();
        try (Broker broker = open(backend);
             Worker worker = Worker.builder(broker).queues(q).discoverHandlers(false).concurrency(8)
                     .handler(Handlers.json("n", (p, ctx) -> { }))
                     .listener(new WorkerListener() {
                         @Override
                         public void onSucceeded(dev.spool.api.Delivery d, Duration took) {
                             reported.incrementAndGet();
                         }
                     }).build()) {
            List<Task> tasks = new java.util.ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                tasks.add(Task.of("n", "{\"i\":" + i + "}"));
            }
            broker.queue(q).enqueueAll(tasks);
            worker.start();
            Eventually.until(WAIT, () -> "1000 acknowledged: " + worker.snapshot(),
                    () -> worker.snapshot().succeeded() == 1000);
            Eventually.until(WAIT, "1000 reported", () -> reported.get() == 1000);
            var stats = broker.inspector().stats(q);
            assertThat(stats.pending()).isZero();
            assertThat(stats.dead()).isZero();
        }
    }
}

package dev.spool.worker;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.DeadLetter;
import dev.spool.api.Delivery;
import dev.spool.api.RetryPolicy;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.WorkerInfo;
import dev.spool.testkit.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Timeouts, lease renewal, graceful shutdown and the worker registry, against the in-memory backend. */
class WorkerLifecycleTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final RetryPolicy FAST = RetryPolicy.defaults().withInitialDelay(Duration.ofMillis(20))
            .withMaxDelay(Duration.ofMillis(100));

    Broker broker;
    Worker worker;

    @BeforeEach
    void open() {
        broker = Spool.connect("inmemory", BackendConfig.builder("inmemory://").lease(Duration.ofSeconds(30)).build());
    }

    @AfterEach
    void close() {
        if (worker != null) {
            worker.close();
        }
        broker.close();
    }

    Worker.Builder builder() {
        return Worker.builder(broker).queues("q").discoverHandlers(false).retryPolicy(FAST);
    }

    List<DeadLetter> dead() {
        return broker.inspector().deadLetters("q", 0, 100);
    }

    @Test
    void aTaskOverItsTimeoutIsInterruptedAndCountedAsAFailedAttempt() {
        AtomicInteger interrupted = new AtomicInteger();
        AtomicInteger cancelledWhenInterrupted = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        worker = builder().handler(Handlers.json("slow", (p, ctx) -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // recorded, asserted on the test thread: the worker would turn a failed assertion here into a retry
                    if (ctx.isCancelled()) {
                        cancelledWhenInterrupted.incrementAndGet();
                    }
                    interrupted.incrementAndGet();
                    throw e;
                }
            }
        })).build();
        worker.start();
        broker.queue("q").enqueue(Task.builder("slow").timeout(Duration.ofMillis(300)).build());
        Eventually.until(WAIT, "the second attempt succeeded", () -> worker.snapshot().succeeded() == 1);
        Eventually.until(WAIT, "the first attempt saw its interrupt", () -> interrupted.get() == 1);
        assertThat(cancelledWhenInterrupted.get()).as("the context said cancelled when the handler was interrupted").isEqualTo(1);
        assertThat(calls.get()).isEqualTo(2);
        assertThat(worker.snapshot().retried()).isEqualTo(1);
    }

    @Test
    void aTimeoutOnTheLastAttemptDeadLettersWithTheReason() {
        worker = builder().defaultTimeout(Duration.ofMillis(200)).handler(Handlers.json("slow", (p, ctx) -> {
            while (!ctx.isCancelled()) {
                Thread.onSpinWait(); // ignores interrupts, watches the context instead
            }
        })).build();
        worker.start();
        broker.queue("q").enqueue(Task.builder("slow").maxAttempts(1).build());
        Eventually.until(WAIT, "a dead letter", () -> dead().size() == 1);
        assertThat(dead().get(0).error()).contains("timed out after 200ms");
    }

    @Test
    void theLeaseOfALongTaskIsRenewedSoItIsNotDeliveredTwice() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        // renewed every third of the lease (1 s), so a stall of up to 2 s of a loaded machine cannot lose it
        worker = builder().lease(Duration.ofSeconds(3)).handler(Handlers.json("long", (p, ctx) -> {
            calls.incrementAndGet();
            Thread.sleep(10_000); // more than three leases
        })).build();
        // a second consumer polls the same queue all along: it must never get the task
        AtomicBoolean stolen = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        Thread rival = new Thread(() -> {
            while (!stop.get()) {
                for (Delivery d : broker.queue("q").fetch(1, Duration.ofMillis(50), Duration.ofSeconds(30))) {
                    stolen.set(true);
                    broker.queue("q").release(d);
                }
            }
        });
        worker.start();
        broker.queue("q").enqueue(Task.of("long", "{}"));
        Eventually.until(WAIT, "the worker started the task", () -> calls.get() == 1);
        rival.start();
        Eventually.until(WAIT, "the long task acknowledged", () -> worker.snapshot().succeeded() == 1);
        stop.set(true);
        rival.join();
        assertThat(stolen).isFalse();
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void closeReleasesUnstartedTasksAndLetsRunningOnesFinishWithinGrace() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        worker = builder().concurrency(1).prefetch(5).grace(Duration.ofSeconds(20))
                .handler(Handlers.json("job", (p, ctx) -> {
                    running.countDown();
                    finish.await();
                    done.incrementAndGet();
                })).build();
        for (int i = 0; i < 6; i++) {
            broker.queue("q").enqueue(Task.of("job", "{}"));
        }
        worker.start();
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        Eventually.until(WAIT, "6 tasks held (1 running, 5 prefetched)", () -> worker.snapshot().held() == 6);
        Thread closer = new Thread(worker::close);
        closer.start();
        // the five unstarted ones come back at once, with their attempt not counted
        Eventually.until(WAIT, "5 tasks ready again", () -> broker.inspector().stats("q").ready() == 5);
        assertThat(closer.isAlive()).isTrue(); // still waiting for the running one
        finish.countDown();
        closer.join(30_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(done.get()).isEqualTo(1);
        assertThat(worker.snapshot().succeeded()).isEqualTo(1);
        assertThat(worker.snapshot().released()).isEqualTo(5);
        var stats = broker.inspector().stats("q");
        assertThat(stats.ready()).isEqualTo(5);
        assertThat(stats.inFlight()).isZero();
        for (Delivery d : broker.queue("q").fetch(5, Duration.ZERO)) {
            assertThat(d.attempt()).isEqualTo(1);
        }
    }

    @Test
    void aCooperativeHandlerSeesTheShutdownAndIsHandedBackNotFailed() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        worker = builder().concurrency(1).grace(Duration.ofMinutes(5)).handler(Handlers.json("loop", (p, ctx) -> {
            running.countDown();
            while (true) {
                ctx.throwIfCancelled();
                Thread.sleep(10);
            }
        })).build();
        worker.start();
        broker.queue("q").enqueue(Task.of("loop", "{}"));
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        worker.close(); // returns long before the 5-minute grace: the handler stopped when asked
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMinutes(4));
        var stats = broker.inspector().stats("q");
        assertThat(stats.ready()).isEqualTo(1);
        assertThat(stats.inFlight()).isZero();
        assertThat(worker.snapshot().retried()).isZero();
        assertThat(worker.snapshot().released()).isEqualTo(1);
        assertThat(broker.queue("q").fetch(1, Duration.ZERO).get(0).attempt()).isEqualTo(1);
    }

    @Test
    void closeHandsBackATaskThatOutlivesTheGracePeriod() {
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        worker = builder().concurrency(1).grace(Duration.ofMillis(300)).handler(Handlers.json("stuck", (p, ctx) -> {
            running.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        })).build();
        worker.start();
        broker.queue("q").enqueue(Task.of("stuck", "{}"));
        Eventually.until(WAIT, "the task started", () -> running.getCount() == 0);
        worker.close();
        Eventually.until(WAIT, "the handler was interrupted", interrupted::get);
        var stats = broker.inspector().stats("q");
        assertThat(stats.ready()).isEqualTo(1);
        assertThat(stats.inFlight()).isZero();
        assertThat(broker.queue("q").fetch(1, Duration.ZERO).get(0).attempt()).isEqualTo(1);
        assertThat(dead()).isEmpty();
    }

    @Test
    void aWorkerRegistersItselfAndDeregistersOnClose() {
        worker = builder().queues("q", "r").concurrency(3).heartbeat(Duration.ofMillis(200))
                .handler(Handlers.json("x", (p, ctx) -> { })).build();
        worker.start();
        Eventually.until(WAIT, "the worker is listed", () -> broker.workers().list().size() == 1);
        WorkerInfo info = broker.workers().list().get(0);
        assertThat(info.id()).isEqualTo(worker.id());
        assertThat(info.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(info.queues()).containsExactly("q", "r");
        assertThat(info.concurrency()).isEqualTo(3);
        assertThat(info.startedAt()).isNotNull();
        worker.close();
        assertThat(broker.workers().list()).isEmpty();
    }
}

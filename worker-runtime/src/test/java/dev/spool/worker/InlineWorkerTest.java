package dev.spool.worker;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.DeadLetter;
import dev.spool.api.RetryPolicy;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The inline worker: the worker's processing, run on the caller's thread when asked. */
class InlineWorkerTest {
    private final Tick clock = new Tick(Instant.parse("2030-01-01T00:00:00Z"));
    private Broker broker;

    /** A clock that moves only when told. */
    private static final class Tick extends Clock {
        private volatile Instant now;

        Tick(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void open() {
        broker = Spool.connect("inmemory", BackendConfig.builder("inmemory://").clock(clock).build());
    }

    @AfterEach
    void close() {
        broker.close();
    }

    private Worker.Builder builder() {
        return Worker.builder(broker).queues("q").discoverHandlers(false);
    }

    @Test
    void eachCallRunsOneReadyTaskOnTheCallersThreadAndSaysWhenThereWasNone() {
        List<String> threads = new CopyOnWriteArrayList<>();
        try (InlineWorker worker = builder().handle("t", String.class, (s, ctx) -> threads.add(Thread.currentThread().getName()))
                .buildInline()) {
            broker.queue("q").enqueue(Task.ofValue("t", "a"));
            broker.queue("q").enqueue(Task.ofValue("t", "b"));

            assertThat(worker.runNext()).isTrue();
            assertThat(threads).containsExactly(Thread.currentThread().getName());
            assertThat(worker.runNext()).isTrue();
            assertThat(worker.runNext()).isFalse();
            assertThat(broker.inspector().stats("q").pending()).isZero();
            assertThat(worker.handledTypes()).containsExactly("t");
            assertThat(worker.queues()).containsExactly("q");
        }
    }

    @Test
    void aFailedAttemptIsRetriedAfterThePolicysDelayOnTheBrokersClock() {
        RetryPolicy policy = RetryPolicy.defaults().withInitialDelay(Duration.ofSeconds(10)).withJitter(0);
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        try (InlineWorker worker = builder().retryPolicy(policy).handle("t", String.class, (s, ctx) -> {
            attempts.add(ctx.attempt());
            if (ctx.attempt() == 1) {
                throw new IOException("flaky");
            }
        }).buildInline()) {
            String id = broker.queue("q").enqueue(Task.ofValue("t", "x")).taskId();

            assertThat(worker.runNext()).isTrue();
            TaskInfo info = broker.inspector().task("q", id).orElseThrow();
            assertThat(info.state()).isEqualTo(TaskState.SCHEDULED);
            assertThat(info.runAt()).isEqualTo(clock.instant().plusSeconds(10));
            assertThat(info.lastError()).isEqualTo("java.io.IOException: flaky");
            assertThat(worker.runNext()).as("not due yet").isFalse();

            clock.advance(Duration.ofSeconds(10));
            assertThat(worker.runNext()).isTrue();
            assertThat(attempts).containsExactly(1, 2);
            assertThat(broker.inspector().stats("q").pending()).isZero();
        }
    }

    @Test
    void aTimedOutAttemptIsInterruptedAndRecordedBeforeTheCallReturns() {
        try (InlineWorker worker = builder().handle("slow", String.class, (s, ctx) -> Thread.sleep(60_000)).buildInline()) {
            String id = broker.queue("q").enqueue(Task.builder("slow").payloadValue("x").timeout(Duration.ofMillis(100))
                    .maxAttempts(1).build()).taskId();

            long t0 = System.nanoTime();
            assertThat(worker.runNext()).isTrue();

            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
            List<DeadLetter> dead = broker.inspector().deadLetters("q", 0, 10);
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(d.id()).isEqualTo(id);
                assertThat(d.error()).contains("timed out after 100ms");
            });
        }
    }

    @Test
    void theWorkersInterceptorsRunAndAnUnknownTypeIsDeadLetteredNamingTheKnownOnes() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (InlineWorker worker = builder().handle("t", String.class, (s, ctx) -> { })
                .interceptor(inv -> {
                    seen.add(inv.task().type());
                    inv.proceed();
                }).buildInline()) {
            broker.queue("q").enqueue(Task.ofValue("t", "x"));
            broker.queue("other").enqueue(Task.ofValue("unknown", "y"));

            assertThat(worker.runNext()).isTrue();
            assertThat(worker.runNext()).as("'other' is not one of its queues").isFalse();
            assertThat(worker.runNext("other")).isTrue();

            assertThat(seen).containsExactly("t");
            assertThat(broker.inspector().deadLetters("other", 0, 10)).singleElement()
                    .satisfies(d -> assertThat(d.error()).contains("no handler for task type 'unknown'", "[t]"));
        }
    }

    @Test
    void aClosedInlineWorkerRefusesToRunAndNeedsAHandlerToBuild() {
        InlineWorker worker = builder().handle("t", String.class, (s, ctx) -> { }).buildInline();
        worker.close();
        worker.close();
        assertThatThrownBy(worker::runNext).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
        assertThatThrownBy(() -> builder().buildInline()).hasMessageContaining("no task handlers found for worker on [q]");
    }
}

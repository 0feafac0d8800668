package dev.spool.test;

import dev.spool.api.NonRetryableException;
import dev.spool.api.RetryLaterException;
import dev.spool.api.RetryPolicy;
import dev.spool.api.Task;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Draining: tasks run on the test's thread, retries and delays pass on the manual clock, and a drain always ends. */
@SpoolTest
class DrainTest {
    /** 1 s, 2 s, 4 s ... without jitter, so the clock's moves can be checked to the millisecond. */
    static final RetryPolicy EXACT = RetryPolicy.defaults().withJitter(0).withMaxAttempts(4);

    record Mail(String to) {
    }

    @Test
    void readyTasksRunOnTheTestsThreadAndTheirOutcomesAreRecorded(SpoolHarness spool) {
        List<String> threads = new ArrayList<>();
        spool.handle("send", Mail.class, (m, ctx) -> threads.add(Thread.currentThread().getName()));
        spool.queue("mail").enqueue(Task.ofValue("send", new Mail("ada@example.com")));
        spool.queue("mail").enqueue(Task.ofValue("send", new Mail("alan@example.com")));

        DrainReport report = spool.drain();

        assertThat(report).isEqualTo(new DrainReport(2, Duration.ZERO));
        assertThat(threads).containsOnly(Thread.currentThread().getName()).hasSize(2);
        spool.enqueued("mail").assertCount(2).assertAllSucceeded();
        assertThat(spool.enqueued("mail").payloads(Mail.class))
                .containsExactly(new Mail("ada@example.com"), new Mail("alan@example.com"));
    }

    @Test
    void retriesWaitForTheirBackoffOnTheManualClockNotInRealTime(SpoolHarness spool) {
        spool.worker(w -> w.retryPolicy(EXACT));
        spool.handle("flaky", Mail.class, (m, ctx) -> {
            if (ctx.attempt() < 3) {
                throw new IOException("server busy");
            }
        });
        Instant start = spool.clock().instant();
        EnqueuedTask task = spool.enqueue("mail", Task.ofValue("flaky", new Mail("ada@example.com")));

        long t0 = System.nanoTime();
        DrainReport report = spool.drain();

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(report.tasksRun()).isEqualTo(3);
        assertThat(report.clockAdvanced()).isEqualTo(Duration.ofSeconds(1 + 2));
        assertThat(spool.clock().instant()).isEqualTo(start.plusSeconds(3));
        task.assertSucceeded().assertRetries(2).assertAttempts(3);
        assertThat(task.history()).containsExactly(
                "attempt 1 failed, retry in 1s: java.io.IOException: server busy",
                "attempt 2 failed, retry in 2s: java.io.IOException: server busy",
                "attempt 3 succeeded");
    }

    @Test
    void theLastFailedAttemptAndANonRetryableErrorAreDeadLettersWithTheirReasons(SpoolHarness spool) {
        spool.worker(w -> w.retryPolicy(EXACT));
        spool.handle("always_fails", Mail.class, (m, ctx) -> {
            throw new IllegalStateException("no mail server for " + m.to());
        });
        spool.handle("refuses", Mail.class, (m, ctx) -> {
            throw new NonRetryableException("address " + m.to() + " is banned");
        });
        EnqueuedTask failing = spool.enqueue("mail", Task.ofValue("always_fails", new Mail("ada@example.com")));
        EnqueuedTask refused = spool.enqueue("mail", Task.ofValue("refuses", new Mail("eve@example.com")));

        spool.drain();

        failing.assertDeadLettered("no mail server for ada@example.com").assertAttempts(4).assertRetries(3);
        refused.assertDeadLettered("address eve@example.com is banned").assertAttempts(1).assertRetries(0);
        assertThat(spool.broker().inspector().deadLetters("mail", 0, 10)).hasSize(2);
    }

    @Test
    void aHandlerThatAsksToRunLaterRunsAgainOnceTheClockGetsThere(SpoolHarness spool) {
        spool.handle("polite", Mail.class, (m, ctx) -> {
            if (ctx.task().createdAt().plus(Duration.ofMinutes(5)).isAfter(spool.clock().instant())) {
                throw new RetryLaterException(Duration.ofMinutes(5), "rate limited");
            }
        });
        EnqueuedTask task = spool.enqueue("mail", Task.ofValue("polite", new Mail("ada@example.com")));

        DrainReport report = spool.drain();

        assertThat(report.clockAdvanced()).isEqualTo(Duration.ofMinutes(5));
        task.assertSucceeded().assertAttempts(1);
        assertThat(task.postponements()).isEqualTo(1);
    }

    @Test
    void aDelayedTaskWaitsForItsDelayByTheHarnessClockEvenAfterTheClockMoved(SpoolHarness spool) {
        List<String> ran = new ArrayList<>();
        spool.handle("remind", Mail.class, (m, ctx) -> ran.add(m.to()));
        spool.advance(Duration.ofHours(6)); // the harness clock is now 6 h ahead of the system clock
        EnqueuedTask task = spool.enqueue("mail", Task.builder("remind").payloadValue(new Mail("ada@example.com"))
                .delay(Duration.ofMinutes(10)).build());

        task.assertDelay(Duration.ofMinutes(10)).assertPending();
        assertThat(spool.runReady().tasksRun()).isZero();
        spool.advance(Duration.ofMinutes(9));
        assertThat(spool.runReady().tasksRun()).as("not due yet").isZero();

        assertThat(spool.drain().clockAdvanced()).isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(ran).containsExactly("ada@example.com");
        task.assertSucceeded();
    }

    @Test
    void aTaskThatExpiresBeforeItIsDueIsDeadLetteredAsExpired(SpoolHarness spool) {
        spool.handle("remind", Mail.class, (m, ctx) -> { });
        EnqueuedTask task = spool.enqueue("mail", Task.builder("remind").payloadValue(new Mail("ada@example.com"))
                .delay(Duration.ofMinutes(10)).expiresIn(Duration.ofMinutes(5)).build());

        spool.drain();

        task.assertDeadLettered("expire");
    }

    @Test
    void aHandlerThatEnqueuesWithoutEndIsStoppedByTheRunBoundNamingWhatWasLeft(SpoolHarness spool) {
        spool.handle("echo", Mail.class, (m, ctx) -> ctx.enqueue(Task.ofValue("echo", m)));
        spool.queue("loop").enqueue(Task.ofValue("echo", new Mail("ada@example.com")));

        assertThatThrownBy(() -> spool.drain(Drain.untilIdle().withMaxTasks(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the drain ran its 50 tasks (Drain maxTasks) and work is still left")
                .hasMessageContaining("enqueueing tasks without end")
                .hasMessageContaining("of type 'echo' on queue 'loop' {\"to\":\"ada@example.com\"}: ready, never run");
        assertThat(spool.enqueued("loop").size()).isEqualTo(51);
    }

    @Test
    void aTaskThatReschedulesItselfRunsOncePerPeriodUpToTheClockBound(SpoolHarness spool) {
        spool.handle("hourly", Mail.class, (m, ctx) ->
                ctx.enqueue(Task.builder("hourly").payloadValue(m).delay(Duration.ofHours(1)).build()));
        spool.queue("cron").enqueue(Task.ofValue("hourly", new Mail("ada@example.com")));

        assertThatThrownBy(spool::drain).isInstanceOf(AssertionError.class)
                .hasMessageContaining("the drain ended with 1 task still pending: the next is due at")
                .hasMessageContaining("after the drain began, past its clock bound of 1d")
                .hasMessageContaining("scheduled for");

        // the same harness: 25 runs so far (at 0 h, 1 h ... 24 h), one pending
        DrainReport more = spool.drain(Drain.untilIdle().withMaxClockAdvance(Duration.ofHours(3)).withRequireIdle(false));
        assertThat(more.tasksRun()).isEqualTo(3);
        assertThat(spool.enqueued("cron").withOutcome(Outcome.SUCCEEDED).size()).isEqualTo(25 + 3);
    }

    @Test
    void aDrainOfSomeQueuesLeavesTheOthersAlone(SpoolHarness spool) {
        spool.handle("t", Mail.class, (m, ctx) -> { });
        spool.queue("a").enqueue(Task.ofValue("t", new Mail("a")));
        spool.queue("b").enqueue(Task.ofValue("t", new Mail("b")));

        spool.drain(Drain.untilIdle().withQueues("a"));

        spool.enqueued("a").single().assertSucceeded();
        spool.enqueued("b").single().assertPending();
    }

    @Test
    void aHungHandlerIsInterruptedAtItsTimeoutAndTheAttemptFails(SpoolHarness spool) {
        spool.handle("hangs", Mail.class, (m, ctx) -> Thread.sleep(60_000));
        EnqueuedTask task = spool.enqueue("mail", Task.builder("hangs").payloadValue(new Mail("x"))
                .timeout(Duration.ofMillis(50)).maxAttempts(1).build());

        spool.drain();

        task.assertDeadLettered("timed out after 50ms");
    }

    @Test
    void aPausedQueueIsNamedWhenItsTasksAreLeft(SpoolHarness spool) {
        spool.handle("t", Mail.class, (m, ctx) -> { });
        spool.queue("held").enqueue(Task.ofValue("t", new Mail("x")));
        spool.broker().inspector().pause("held");

        assertThatThrownBy(spool::drain).hasMessageContaining("paused queues hand out nothing: [held]");
        assertThat(spool.runReady().tasksRun()).isZero();
    }

    @Test
    void drainingWithoutAHandlerSaysHowToRegisterOne(SpoolHarness spool) {
        assertThatThrownBy(spool::drain).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no handler to run the tasks with")
                .hasMessageContaining("spool.handle(\"type\", Payload.class, (payload, ctx) -> ...)");
    }
}

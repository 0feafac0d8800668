package dev.spool.worker;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Each queue's rest after failed fetches, on a hand-moved clock. */
class QueueBackoffTest {
    final AtomicLong now = new AtomicLong(123_456_789L);
    final QueueBackoff backoff = new QueueBackoff(now::get, new SplittableRandom(7));

    void advanceMs(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void aFailingQueueRestsOnItsOwnDoublingBackoffWithJitterUpToThirtySeconds() {
        long[] steps = {1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
        for (long step : steps) {
            assertThat(backoff.resting("broken")).isFalse();
            long ms = backoff.failed("broken");
            assertThat(ms).isBetween(step, step + step / 5);
            assertThat(backoff.resting("broken")).isTrue();
            assertThat(backoff.resting("healthy")).as("the other queue does not rest").isFalse();
            assertThat(backoff.millisUntilFirstReady(List.of("broken"))).isEqualTo(ms);
            assertThat(backoff.millisUntilFirstReady(List.of("broken", "healthy"))).isZero();
            advanceMs(ms - 1);
            assertThat(backoff.resting("broken")).isTrue();
            advanceMs(1);
        }
    }

    @Test
    void aFetchThatWorksEndsTheRestAndTheNextFailureStartsAgainAtOneSecond() {
        assertThat(backoff.succeeded("q")).as("never failed").isFalse();
        backoff.failed("q");
        advanceMs(1_200);
        assertThat(backoff.failed("q")).isBetween(2_000L, 2_400L);
        advanceMs(2_400);
        assertThat(backoff.succeeded("q")).isTrue();
        assertThat(backoff.succeeded("q")).isFalse();
        assertThat(backoff.resting("q")).isFalse();
        assertThat(backoff.failed("q")).isBetween(1_000L, 1_200L);
    }

    @Test
    void whenEveryQueueRestsTheWaitEndsWithTheFirstRest() {
        long a = backoff.failed("a");
        backoff.failed("b");
        long b = backoff.failed("b"); // second step: longer
        assertThat(backoff.millisUntilFirstReady(List.of("a", "b"))).isEqualTo(Math.min(a, b));
        advanceMs(a);
        assertThat(backoff.millisUntilFirstReady(List.of("a", "b"))).isZero();
    }
}

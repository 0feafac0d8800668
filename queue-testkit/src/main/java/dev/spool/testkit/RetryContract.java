package dev.spool.testkit;

import dev.spool.api.DeadLetter;
import dev.spool.api.Delivery;
import dev.spool.api.QueueInspector;
import dev.spool.api.RetryResult;
import dev.spool.api.Task;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Contract clauses 4-5: retries, dead letters as data. Part of {@link TaskQueueContractTest}. */
public abstract class RetryContract extends LeaseContract {

    /** The dead letters of the test's queue, newest first. */
    protected List<DeadLetter> dead() {
        return broker.inspector().deadLetters(queue.name(), 0, 1000);
    }

    @Test
    void retryWaitsForItsDelayThenRedelivers() {
        String id = enqueue(Task.builder("t").maxAttempts(3).build());
        Delivery d = fetchOne();
        assertThat(queue.retry(d, Duration.ofSeconds(5), "boom")).isEqualTo(RetryResult.SCHEDULED);
        assertNothingReady();
        assertThat(broker.inspector().stats(queue.name()).delayed()).isEqualTo(1);
        clock.advance(Duration.ofMillis(4_900));
        assertNothingReady();
        clock.advance(Duration.ofMillis(100));
        Delivery again = fetchOne();
        assertThat(again.id()).isEqualTo(id);
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(queue.ack(again)).isTrue();
    }

    @Test
    void retryWithoutDelayIsReadyAtOnce() {
        enqueue(Task.builder("t").maxAttempts(3).build());
        assertThat(queue.retry(fetchOne(), Duration.ZERO, "boom")).isEqualTo(RetryResult.SCHEDULED);
        Delivery again = fetchOne();
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(queue.ack(again)).isTrue();
    }

    @Test
    void theLastAttemptsRetryDeadLettersWithTheLastError() {
        Task task = Task.builder("charge").payload("{\"cents\":100}").maxAttempts(2).build();
        String id = enqueue(task);
        assertThat(queue.retry(fetchOne(), Duration.ofSeconds(1), "card declined")).isEqualTo(RetryResult.SCHEDULED);
        clock.advance(Duration.ofSeconds(1));
        Delivery last = fetchOne();
        assertThat(last.isLastAttempt()).isTrue();
        clock.advance(Duration.ofMillis(250));
        assertThat(queue.retry(last, Duration.ofSeconds(1), "gateway timeout")).isEqualTo(RetryResult.DEAD_LETTERED);

        clock.advance(Duration.ofSeconds(5));
        assertNothingReady();
        List<DeadLetter> dead = dead();
        assertThat(dead).hasSize(1);
        DeadLetter d = dead.get(0);
        assertThat(d.id()).isEqualTo(id);
        assertThat(d.queue()).isEqualTo(queue.name());
        assertThat(d.error()).isEqualTo("gateway timeout");
        assertThat(d.attempts()).isEqualTo(2);
        assertThat(d.failedAt()).isEqualTo(clock.instant().minusSeconds(5));
        assertThat(d.task()).isNotNull();
        assertThat(d.task().payload()).isEqualTo("{\"cents\":100}");
        assertThat(d.task().createdAt()).isNotNull();
        assertThat(d.raw()).isNull();
    }

    @Test
    void anExpiredLeaseOnTheLastAttemptDeadLetters() {
        String id = enqueue(Task.builder("t").maxAttempts(1).build());
        queue.fetch(1, Duration.ZERO, Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(11));
        assertNothingReady();
        List<DeadLetter> dead = dead();
        assertThat(dead).extracting(DeadLetter::id).containsExactly(id);
        assertThat(dead.get(0).error()).contains("lease expired");
        assertThat(dead.get(0).attempts()).isEqualTo(1);
    }

    @Test
    void failDeadLettersAtOnceWhateverAttemptsAreLeft() {
        String id = enqueue(Task.builder("t").maxAttempts(10).build());
        Delivery d = fetchOne();
        assertThat(queue.fail(d, "bad input: no such customer")).isTrue();
        assertNothingReady();
        assertThat(dead()).extracting(DeadLetter::id).containsExactly(id);
        assertThat(dead().get(0).error()).isEqualTo("bad input: no such customer");
        assertThat(queue.ack(d)).as("ack after fail").isFalse();
    }

    @Test
    void deadLettersAreListedNewestFirstAndPaged() {
        List<String> ids = bury(3);
        assertThat(dead()).extracting(DeadLetter::id).containsExactly(ids.get(2), ids.get(1), ids.get(0));
        assertThat(broker.inspector().deadLetters(queue.name(), 1, 1)).extracting(DeadLetter::id)
                .containsExactly(ids.get(1));
        assertThat(broker.inspector().stats(queue.name()).dead()).isEqualTo(3);
    }

    @Test
    void deadLettersDroppedByTheBoundsAreCounted() {
        broker.close(); // this clause needs a broker whose dead-letter bounds it can reach
        broker = openBroker(clock, Map.of("dead.max-count", "2", "dead.max-age", "1h"));
        queue = broker.queue(queue.name());
        assertThat(broker.inspector().stats(queue.name()).deadDropped()).isZero();
        List<String> ids = bury(5);
        assertThat(dead()).as("the newest two are kept").extracting(DeadLetter::id).containsExactly(ids.get(4), ids.get(3));
        assertThat(broker.inspector().stats(queue.name()).deadDropped()).as("dropped by dead.max-count").isEqualTo(3);
        clock.advance(Duration.ofHours(2));
        bury(1);
        assertThat(dead()).hasSize(1);
        assertThat(broker.inspector().stats(queue.name()).deadDropped()).as("then two more by dead.max-age").isEqualTo(5);
    }

    @Test
    void aRequeuedDeadLetterRunsAgainWithFreshAttempts() {
        List<String> ids = bury(2);
        QueueInspector inspector = broker.inspector();
        assertThat(inspector.requeueDead(queue.name(), ids.get(0))).isTrue();
        assertThat(inspector.requeueDead(queue.name(), ids.get(0))).as("requeue twice").isFalse();
        assertThat(inspector.requeueDead(queue.name(), "no-such-id")).isFalse();
        Delivery d = fetchOne();
        assertThat(d.id()).isEqualTo(ids.get(0));
        assertThat(d.attempt()).isEqualTo(1);
        assertThat(queue.ack(d)).isTrue();
        assertThat(dead()).extracting(DeadLetter::id).containsExactly(ids.get(1));
    }

    @Test
    void requeueAllAndDeleteAll() {
        bury(3);
        assertThat(broker.inspector().requeueAllDead(queue.name())).isEqualTo(3);
        assertThat(dead()).isEmpty();
        assertThat(fetchNow(10)).hasSize(3).allSatisfy(d -> assertThat(queue.fail(d, "again")).isTrue());
        assertThat(broker.inspector().deleteAllDead(queue.name())).isEqualTo(3);
        assertThat(dead()).isEmpty();
        assertThat(broker.inspector().stats(queue.name()).dead()).isZero();
    }

    @Test
    void aDeletedDeadLetterIsGone() {
        List<String> ids = bury(2);
        assertThat(broker.inspector().deleteDead(queue.name(), ids.get(1))).isTrue();
        assertThat(broker.inspector().deleteDead(queue.name(), ids.get(1))).isFalse();
        assertThat(dead()).extracting(DeadLetter::id).containsExactly(ids.get(0));
        assertThat(broker.inspector().requeueDead(queue.name(), ids.get(1))).isFalse();
    }

    /** Dead-letters {@code n} tasks one after another (one clock millisecond apart); returns their ids in order. */
    protected List<String> bury(int n) {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = enqueue(Task.builder("doomed").payload("{\"i\":" + i + "}").build());
            Delivery d = fetchOne();
            assertThat(d.id()).isEqualTo(id);
            assertThat(queue.fail(d, "failure " + i)).isTrue();
            ids.add(id);
            clock.advance(Duration.ofMillis(1));
        }
        return ids;
    }
}

package dev.spool.testkit;

import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Contract clauses 6-9: delays, priorities, unique keys, batches. Part of {@link TaskQueueContractTest}. */
public abstract class OrderingContract extends RetryContract {

    @Test
    void aDelayedTaskIsNotDeliveredBeforeItsRunAt() {
        String id = enqueue(Task.builder("later").runAt(clock.instant().plusSeconds(10)).build());
        assertNothingReady();
        assertThat(broker.inspector().stats(queue.name()).delayed()).isEqualTo(1);
        clock.advance(Duration.ofMillis(9_999));
        assertNothingReady();
        clock.advance(Duration.ofMillis(1));
        Delivery d = fetchOne();
        assertThat(d.id()).isEqualTo(id);
        assertThat(queue.ack(d)).isTrue();
    }

    @Test
    void aRunAtInThePastIsReadyAtOnce() {
        enqueue(Task.builder("overdue").runAt(clock.instant().minusSeconds(60)).build());
        assertThat(queue.ack(fetchOne())).isTrue();
    }

    @Test
    void dueDelayedTasksComeInRunAtOrder() {
        String b = enqueue(Task.builder("t").runAt(clock.instant().plusSeconds(2)).build());
        String a = enqueue(Task.builder("t").runAt(clock.instant().plusSeconds(1)).build());
        clock.advance(Duration.ofSeconds(3));
        assertThat(fetchNow(2)).extracting(Delivery::id).containsExactly(a, b);
    }

    @Test
    void higherPriorityIsDeliveredFirstAndFifoWithinAPriority() {
        String low = enqueue(Task.builder("t").priority(0).build());
        String midA = enqueue(Task.builder("t").priority(5).build());
        String top = enqueue(Task.builder("t").priority(9).build());
        String midB = enqueue(Task.builder("t").priority(5).build());
        assertThat(fetchNow(1)).extracting(Delivery::id).containsExactly(top);
        assertThat(fetchNow(10)).extracting(Delivery::id).containsExactly(midA, midB, low);
    }

    @Test
    void aBatchIsAcceptedInOrderAndDeliveredFifo() {
        List<Task> batch = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            batch.add(Task.of("batch", "{\"i\":" + i + "}"));
        }
        List<EnqueueResult> results = queue.enqueueAll(batch);
        assertThat(results).hasSize(200).allSatisfy(r -> assertThat(r.accepted()).isTrue());
        List<Delivery> got = new ArrayList<>();
        while (got.size() < 200) {
            List<Delivery> some = fetchNow(64);
            assertThat(some).as("fetch after %d of 200", got.size()).isNotEmpty();
            got.addAll(some);
        }
        assertThat(got).extracting(Delivery::id).containsExactlyElementsOf(results.stream().map(EnqueueResult::taskId).toList());
        assertThat(got).extracting(d -> d.task().payload()).containsExactlyElementsOf(batch.stream().map(Task::payload).toList());
        assertThat(queue.ackAll(got)).isEqualTo(200);
    }

    @Test
    void aBatchReportsDuplicatesOfUniqueKeysOneByOne() {
        enqueue(Task.builder("t").uniqueKey("k1").build());
        List<EnqueueResult> results = queue.enqueueAll(List.of(
                Task.builder("t").uniqueKey("k1").build(),
                Task.builder("t").uniqueKey("k2").build(),
                Task.builder("t").uniqueKey("k2").build(),
                Task.of("t", "{}")));
        assertThat(results).extracting(EnqueueResult::status).containsExactly(
                EnqueueResult.Status.DUPLICATE, EnqueueResult.Status.ACCEPTED,
                EnqueueResult.Status.DUPLICATE, EnqueueResult.Status.ACCEPTED);
        assertThat(results.get(2).duplicateOf()).isEqualTo(results.get(1).taskId());
        assertThat(fetchNow(10)).hasSize(3);
    }

    @Test
    void aUniqueKeyRefusesADuplicateUntilTheTaskFinishes() {
        String first = enqueue(Task.builder("report").uniqueKey("report:2026-11").build());
        EnqueueResult dup = queue.enqueue(Task.builder("report").uniqueKey("report:2026-11").build());
        assertThat(dup.status()).isEqualTo(EnqueueResult.Status.DUPLICATE);
        assertThat(dup.duplicateOf()).isEqualTo(first);

        Delivery running = fetchOne();
        assertThat(queue.enqueue(Task.builder("report").uniqueKey("report:2026-11").build()).accepted())
                .as("while running").isFalse();
        assertThat(queue.ack(running)).isTrue();
        assertThat(queue.enqueue(Task.builder("report").uniqueKey("report:2026-11").build()).accepted())
                .as("after the ack").isTrue();
        assertThat(fetchNow(10)).hasSize(1);
    }

    @Test
    void aDeadLetteredTaskFreesItsUniqueKey() {
        enqueue(Task.builder("t").uniqueKey("k").build());
        assertThat(queue.fail(fetchOne(), "no")).isTrue();
        assertThat(queue.enqueue(Task.builder("t").uniqueKey("k").build()).accepted()).isTrue();
    }

    @Test
    void aUniqueWindowHoldsTheKeyAfterTheTaskFinished() {
        enqueue(Task.builder("digest").uniqueKey("digest:ada").uniqueFor(Duration.ofMinutes(10)).build());
        assertThat(queue.ack(fetchOne())).isTrue();
        assertThat(queue.enqueue(Task.builder("digest").uniqueKey("digest:ada").build()).accepted())
                .as("inside the window, after the ack").isFalse();
        clock.advance(Duration.ofMinutes(10));
        assertThat(queue.enqueue(Task.builder("digest").uniqueKey("digest:ada").build()).accepted())
                .as("after the window").isTrue();
    }

    @Test
    void uniqueKeysAreScopedToTheirQueue() {
        enqueue(Task.builder("t").uniqueKey("shared").build());
        try (TaskQueue other = broker.queue(newQueueName("other"))) {
            assertThat(other.enqueue(Task.builder("t").uniqueKey("shared").build()).accepted()).isTrue();
        }
    }
}

package dev.spool.testkit;

import dev.spool.api.Delivery;
import dev.spool.api.RetryResult;
import dev.spool.api.Task;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Contract clauses 1-3: delivery, leases, lease tokens. Part of {@link TaskQueueContractTest}. */
public abstract class LeaseContract extends ContractSupport {

    @Test
    void deliversAnEnqueuedTaskWithEveryField() {
        Task task = Task.builder("send_mail")
                .payload("{\"to\":\"ada@example.com\",\"n\":[1,2.5,true,null]}")
                .header("trace", "abc-123")
                .header("tenant", "t1")
                .priority(3)
                .maxAttempts(4)
                .timeout(Duration.ofSeconds(90))
                .build();
        String id = enqueue(task);

        Delivery d = fetchOne();
        assertThat(d.id()).isEqualTo(id);
        assertThat(d.queue()).isEqualTo(queue.name());
        assertThat(d.attempt()).isEqualTo(1);
        assertThat(d.task().type()).isEqualTo("send_mail");
        assertThat(d.task().payload()).isEqualTo(task.payload());
        assertThat(d.task().headers()).isEqualTo(Map.of("trace", "abc-123", "tenant", "t1"));
        assertThat(d.task().priority()).isEqualTo(3);
        assertThat(d.task().maxAttempts()).isEqualTo(4);
        assertThat(d.task().timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(d.task().createdAt()).isEqualTo(clock.instant());
        assertThat(d.leaseDeadline()).isEqualTo(clock.instant().plus(LEASE));
        assertThat(queue.ack(d)).isTrue();
        assertNothingReady();
    }

    @Test
    void maxAttemptsSetToTheDefaultIsKeptApartFromNotSet() {
        String unset = enqueue(Task.builder("t").build());
        String ten = enqueue(Task.builder("t").maxAttempts(Task.DEFAULT_MAX_ATTEMPTS).build());
        String three = enqueue(Task.builder("t").maxAttempts(3).build());
        java.util.Map<String, Task> got = new java.util.HashMap<>();
        fetchNow(3).forEach(d -> got.put(d.id(), d.task()));
        assertThat(got.get(unset).hasMaxAttempts()).as("not set").isFalse();
        assertThat(got.get(unset).maxAttempts()).as("not set reads as the default").isEqualTo(Task.DEFAULT_MAX_ATTEMPTS);
        assertThat(got.get(ten).hasMaxAttempts()).as("set to the default's value").isTrue();
        assertThat(got.get(ten).maxAttempts()).isEqualTo(Task.DEFAULT_MAX_ATTEMPTS);
        assertThat(got.get(three).hasMaxAttempts()).isTrue();
        assertThat(got.get(three).maxAttempts()).isEqualTo(3);
    }

    @Test
    void assignsTimeOrderedIdsAndKeepsAGivenOne() {
        String first = enqueue("t", "{}");
        clock.advance(Duration.ofMillis(5));
        String second = enqueue("t", "{}");
        assertThat(first).isNotEqualTo(second);
        assertThat(first.compareTo(second)).as("ids sort in creation order").isLessThan(0);
        String given = enqueue(Task.builder("t").id("order-42:v1").build());
        assertThat(given).isEqualTo("order-42:v1");
    }

    @Test
    void aLeasedTaskGoesToNoOtherConsumer() {
        enqueue("t", "{}");
        Delivery d = fetchOne();
        try (var other = broker.queue(queue.name())) {
            assertThat(other.fetch(10, Duration.ZERO, LEASE)).isEmpty();
        }
        assertNothingReady();
        assertThat(queue.ack(d)).isTrue();
    }

    @Test
    void anExpiredLeaseRedeliversWithTheAttemptCounted() {
        String id = enqueue(Task.builder("t").maxAttempts(5).build());
        Delivery first = queue.fetch(1, Duration.ZERO, Duration.ofSeconds(10)).get(0);
        clock.advance(Duration.ofSeconds(9));
        assertNothingReady();
        clock.advance(Duration.ofSeconds(2));

        Delivery second = fetchOne();
        assertThat(second.id()).isEqualTo(id);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.leaseToken()).isNotEqualTo(first.leaseToken());
        assertThat(queue.ack(second)).isTrue();
    }

    @Test
    void aStaleLeaseTokenChangesNothing() {
        enqueue(Task.builder("t").maxAttempts(5).build());
        Delivery stale = queue.fetch(1, Duration.ZERO, Duration.ofSeconds(10)).get(0);
        clock.advance(Duration.ofSeconds(11));
        Delivery current = fetchOne();

        assertThat(queue.ack(stale)).as("late ack").isFalse();
        assertThat(queue.retry(stale, Duration.ZERO, "late")).as("late retry").isEqualTo(RetryResult.LEASE_LOST);
        assertThat(queue.fail(stale, "late")).as("late fail").isFalse();
        assertThat(queue.renew(stale, LEASE)).as("late renew").isFalse();
        assertThat(queue.release(stale)).as("late release").isFalse();
        assertThat(broker.inspector().stats(queue.name()).inFlight()).isEqualTo(1);
        assertThat(broker.inspector().stats(queue.name()).dead()).isZero();

        assertThat(queue.ack(current)).as("the current holder's ack").isTrue();
        assertThat(queue.ack(current)).as("a second ack of the same delivery").isFalse();
        assertNothingReady();
    }

    @Test
    void renewExtendsALiveLease() {
        enqueue("t", "{}");
        Delivery d = queue.fetch(1, Duration.ZERO, Duration.ofSeconds(10)).get(0);
        clock.advance(Duration.ofSeconds(8));
        assertThat(queue.renew(d, Duration.ofSeconds(10))).isTrue();
        clock.advance(Duration.ofSeconds(8));
        assertNothingReady();
        clock.advance(Duration.ofSeconds(3));
        Delivery again = fetchOne();
        assertThat(again.id()).isEqualTo(d.id());
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(queue.ack(again)).isTrue();
    }

    @Test
    void renewAllExtendsEveryHeldLeaseInOneCallAndLeavesOutTheLostOnes() {
        for (int i = 0; i < 5; i++) {
            enqueue("t", "{\"i\":" + i + "}");
        }
        List<Delivery> b = queue.fetch(5, Duration.ZERO, Duration.ofSeconds(10));
        assertThat(b).hasSize(5);
        clock.advance(Duration.ofSeconds(8));
        assertThat(queue.ack(b.get(1))).isTrue();
        assertThat(queue.release(b.get(3))).isTrue();
        Delivery forged = new Delivery(queue.name(), b.get(0).task(), "not-a-token-of-this-store", b.get(0).leaseDeadline());
        List<Delivery> renewed = queue.renewAll(List.of(b.get(0), b.get(1), b.get(2), b.get(3), b.get(4), forged),
                Duration.ofSeconds(10));
        assertThat(renewed).as("the held ones, in the order given").extracting(Delivery::leaseToken)
                .containsExactly(b.get(0).leaseToken(), b.get(2).leaseToken(), b.get(4).leaseToken());
        assertThat(renewed).extracting(Delivery::leaseDeadline).as("new deadlines: now + 10 s")
                .containsOnly(java.time.Instant.ofEpochMilli(clock.millis() + 10_000));
        assertThat(queue.renewAll(List.of(), Duration.ofSeconds(10))).isEmpty();
        clock.advance(Duration.ofSeconds(8)); // 16 s after the fetch: past the first deadline, not the new one
        assertThat(fetchOne().id()).as("only the released task is ready").isEqualTo(b.get(3).id());
        assertNothingReady();
        clock.advance(Duration.ofSeconds(3));
        List<Delivery> again = fetchNow(10);
        assertThat(again).extracting(Delivery::id).as("the renewed leases expire at their new deadline")
                .containsExactlyInAnyOrder(b.get(0).id(), b.get(2).id(), b.get(4).id());
        assertThat(again).extracting(Delivery::attempt).containsOnly(2);
    }

    @Test
    void releaseHandsATaskBackWithoutCountingTheAttempt() {
        String id = enqueue("t", "{}");
        Delivery d = fetchOne();
        assertThat(queue.release(d)).isTrue();
        Delivery again = fetchOne();
        assertThat(again.id()).isEqualTo(id);
        assertThat(again.attempt()).isEqualTo(1);
        assertThat(queue.ack(d)).as("ack with the released token").isFalse();
        assertThat(queue.ack(again)).isTrue();
    }

    @Test
    void ackAllAcknowledgesABatchAndSkipsLostLeases() {
        for (int i = 0; i < 20; i++) {
            enqueue("t", "{\"i\":" + i + "}");
        }
        List<Delivery> batch = new ArrayList<>(queue.fetch(20, Duration.ZERO, LEASE));
        assertThat(batch).hasSize(20);
        Delivery released = batch.get(0);
        assertThat(queue.release(released)).isTrue();
        assertThat(queue.ackAll(batch)).isEqualTo(19);
        Delivery last = fetchOne();
        assertThat(last.id()).isEqualTo(released.id());
        assertThat(queue.ack(last)).isTrue();
        assertNothingReady();
    }

    @Test
    void aWaitingFetchWakesWhenATaskArrives() throws Exception {
        Thread producer = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            try (var q = broker.queue(queue.name())) {
                q.enqueue(Task.of("late", "{}"));
            }
        });
        producer.start();
        List<Delivery> got = queue.fetch(1, Duration.ofSeconds(20), LEASE);
        producer.join();
        assertThat(got).as("the task enqueued while fetch waited").hasSize(1);
        assertThat(got.get(0).task().type()).isEqualTo("late");
        assertThat(queue.ack(got.get(0))).isTrue();
    }

    @Test
    void aWaitingFetchReturnsEmptyWhenNothingComes() {
        long t0 = System.nanoTime();
        assertThat(queue.fetch(5, Duration.ofMillis(400), LEASE)).isEmpty();
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        // a lower bound only, which a slow machine cannot break: a fetch that ignored its wait returns at once
        assertThat(waitedMs).as("ms an empty fetch(wait = 400 ms) waited").isGreaterThanOrEqualTo(300);
    }
}

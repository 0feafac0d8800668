package dev.spool.testkit;

import dev.spool.api.DeadLetter;
import dev.spool.api.Delivery;
import dev.spool.api.QueueStats;
import dev.spool.api.RetryResult;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.api.WorkerInfo;
import dev.spool.api.spi.CheckedTaskQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract clause 10, second half: the port's own arguments are checked the same way on every backend (by
 * {@link CheckedTaskQueue}): a bad one is an {@link IllegalArgumentException} naming the operation,
 * the queue and the argument, and changes nothing; a delivery whose lease is not held (settled
 * already, or never handed out by this store) is not an error but answers "lease lost". The
 * worker registry's arguments are checked the same way ({@link dev.spool.api.spi.CheckedWorkerRegistry}). Part of
 * {@link TaskQueueContractTest}.
 */
public abstract class ArgumentContract extends InputContract {

    private void refused(Map<String, Executable> calls, String operation, String fragment) {
        calls.forEach((what, call) -> assertThatThrownBy(call::execute).as(what)
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(operation.isEmpty() ? "" : operation + " on queue '" + queue.name() + "'")
                .hasMessageContaining(fragment));
    }

    @Test
    void badFetchArgumentsAreRefusedAndChangeNothing() {
        String id = enqueue("t", "{}");
        Map<String, Executable> max = new LinkedHashMap<>();
        max.put("max 0", () -> queue.fetch(0, Duration.ZERO));
        max.put("max -1 with a lease", () -> queue.fetch(-1, Duration.ZERO, LEASE));
        refused(max, "fetch", "max is");
        refused(Map.of("wait null", () -> queue.fetch(1, null), "wait -1 ms", () -> queue.fetch(1, Duration.ofMillis(-1))),
                "fetch", "wait is");
        refused(Map.of("lease null", () -> queue.fetch(1, Duration.ZERO, null),
                "lease 0", () -> queue.fetch(1, Duration.ZERO, Duration.ZERO),
                "lease 999 µs", () -> queue.fetch(1, Duration.ZERO, Duration.ofNanos(999_000))), "fetch", "lease is");
        assertThat(fetchOne().id()).as("the task ready before the bad calls").isEqualTo(id);
    }

    @Test
    void badSettleArgumentsAreRefusedAndTheLeaseStillHolds() {
        enqueue(Task.builder("t").maxAttempts(1).build());
        Delivery d = fetchOne();
        Map<String, Executable> nulls = new LinkedHashMap<>();
        nulls.put("ack(null)", () -> queue.ack(null));
        nulls.put("retry(null, ...)", () -> queue.retry(null, Duration.ZERO, "e"));
        nulls.put("fail(null, ...)", () -> queue.fail(null, "e"));
        nulls.put("renew(null, ...)", () -> queue.renew(null, LEASE));
        nulls.put("release(null)", () -> queue.release(null));
        nulls.put("ackAll([d, null])", () -> queue.ackAll(Arrays.asList(d, null)));
        nulls.put("renewAll([d, null], ...)", () -> queue.renewAll(Arrays.asList(d, null), LEASE));
        refused(nulls, "", "delivery is null");
        refused(Map.of("ackAll(null)", () -> queue.ackAll(null)), "ackAll", "deliveries is null");
        refused(Map.of("renewAll(null, ...)", () -> queue.renewAll(null, LEASE)), "renewAll", "deliveries is null");
        refused(Map.of("renewAll leaseFor null", () -> queue.renewAll(List.of(d), null),
                "renewAll leaseFor 0", () -> queue.renewAll(List.of(d), Duration.ZERO)), "renewAll", "leaseFor is");
        refused(Map.of("delay null", () -> queue.retry(d, null, "e"), "delay -1 s", () -> queue.retry(d, Duration.ofSeconds(-1), "e")),
                "retry", "delay is");
        refused(Map.of("leaseFor null", () -> queue.renew(d, null), "leaseFor 0", () -> queue.renew(d, Duration.ZERO)),
                "renew", "leaseFor is");
        assertThatThrownBy(() -> queue.retry(d, null, "e")).hasMessageContaining("(task " + d.id() + ")");
        assertThat(queue.ackAll(List.of())).as("ackAll of nothing").isZero();
        QueueStats s = broker.inspector().stats(queue.name());
        assertThat(s.inFlight()).as("the task is still leased").isEqualTo(1);
        assertThat(s.processed()).as("no bad call settled it").isZero();
        assertThat(queue.ack(d)).as("the lease still holds after the bad calls").isTrue();
    }

    @Test
    void badEnqueueArgumentsAreRefusedAndStoreNothing() {
        refused(Map.of("enqueue(null)", () -> queue.enqueue(null)), "enqueue", "task is null");
        refused(Map.of("enqueueAll(null)", () -> queue.enqueueAll(null)), "enqueueAll", "tasks is null");
        refused(Map.of("enqueueAll([t, null])", () -> queue.enqueueAll(Arrays.asList(Task.of("t", "{}"), null))),
                "enqueueAll", "tasks[1] is null");
        assertThat(queue.enqueueAll(List.of())).isEmpty();
        assertThat(broker.inspector().stats(queue.name()).ready()).as("nothing stored by the refused calls").isZero();
    }

    @Test
    void badWorkerRegistryArgumentsAreRefusedAndRegisterNothing() {
        WorkerInfo w = new WorkerInfo("ct-arg-worker", "host", 1, List.of(queue.name()), 1, 0, clock.instant(), clock.instant());
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("heartbeat(null, ...)", () -> broker.workers().heartbeat(null, LEASE));
        calls.put("heartbeat(w, null)", () -> broker.workers().heartbeat(w, null));
        calls.put("heartbeat(w, 0)", () -> broker.workers().heartbeat(w, Duration.ZERO));
        calls.put("deregister(null)", () -> broker.workers().deregister(null));
        calls.forEach((what, call) -> assertThatThrownBy(call::execute).as(what)
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("; pass "));
        assertThatThrownBy(() -> broker.workers().heartbeat(w, Duration.ZERO))
                .hasMessage("heartbeat of worker ct-arg-worker: ttl is PT0S; pass a duration of at least 1 ms");
        assertThat(broker.workers().list()).extracting(WorkerInfo::id).doesNotContain("ct-arg-worker");
    }

    @Test
    void aDeliveryOfAnotherQueueIsRefusedNamingBoth() {
        TaskQueue other = broker.queue(newQueueName("other"));
        enqueue("t", "{}");
        Delivery d = fetchOne();
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("ack", () -> other.ack(d));
        calls.put("ackAll", () -> other.ackAll(List.of(d)));
        calls.put("retry", () -> other.retry(d, Duration.ZERO, "e"));
        calls.put("fail", () -> other.fail(d, "e"));
        calls.put("renew", () -> other.renew(d, LEASE));
        calls.put("renewAll", () -> other.renewAll(List.of(d), LEASE));
        calls.put("release", () -> other.release(d));
        calls.forEach((what, call) -> assertThatThrownBy(call::execute).as(what)
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(what + " on queue '" + other.name() + "' (task " + d.id() + ")")
                .hasMessageContaining("comes from queue '" + queue.name() + "'"));
        assertThat(queue.ack(d)).as("the lease still holds on its own queue").isTrue();
    }

    @Test
    void aSettledDeliveryChangesNothingAndSaysSo() {
        enqueue("t", "{}");
        Delivery d = fetchOne();
        assertThat(queue.ack(d)).isTrue();
        assertThat(queue.ack(d)).as("ack again").isFalse();
        assertThat(queue.ackAll(List.of(d))).as("ackAll again").isZero();
        assertThat(queue.retry(d, Duration.ZERO, "e")).as("retry after ack").isEqualTo(RetryResult.LEASE_LOST);
        assertThat(queue.fail(d, "e")).as("fail after ack").isFalse();
        assertThat(queue.renew(d, LEASE)).as("renew after ack").isFalse();
        assertThat(queue.renewAll(List.of(d), LEASE)).as("renewAll after ack").isEmpty();
        assertThat(queue.release(d)).as("release after ack").isFalse();
        QueueStats s = broker.inspector().stats(queue.name());
        assertThat(List.of(s.ready(), s.delayed(), s.inFlight(), s.dead(), s.processed(), s.failed()))
                .as("ready, delayed, in flight, dead, processed, failed").containsExactly(0L, 0L, 0L, 0L, 1L, 0L);
        assertNothingReady();
    }

    @Test
    void aDeliveryThisStoreNeverHandedOutChangesNothing() {
        enqueue("t", "{}");
        Delivery real = fetchOne();
        // what a delivery of another broker (over another store) looks like here: a real task id, a token not ours
        Delivery forged = new Delivery(queue.name(), real.task(), "not-a-token-of-this-store", real.leaseDeadline());
        assertThat(queue.ack(forged)).as("ack").isFalse();
        assertThat(queue.retry(forged, Duration.ZERO, "e")).as("retry").isEqualTo(RetryResult.LEASE_LOST);
        assertThat(queue.fail(forged, "e")).as("fail").isFalse();
        assertThat(queue.renew(forged, LEASE)).as("renew").isFalse();
        assertThat(queue.renewAll(List.of(forged), LEASE)).as("renewAll").isEmpty();
        assertThat(queue.release(forged)).as("release").isFalse();
        assertThat(queue.ack(real)).as("the real lease still holds").isTrue();
    }

    @Test
    void aFailureWithoutAMessageIsRecordedTheSameEverywhere() {
        String id = enqueue(Task.builder("t").maxAttempts(1).build());
        assertThat(queue.retry(fetchOne(), Duration.ZERO, null)).isEqualTo(RetryResult.DEAD_LETTERED);
        String blank = enqueue(Task.builder("t").maxAttempts(1).build());
        assertThat(queue.fail(fetchOne(), "  ")).isTrue();
        List<DeadLetter> dead = broker.inspector().deadLetters(queue.name(), 0, 10);
        assertThat(dead).extracting(DeadLetter::id).containsExactlyInAnyOrder(id, blank);
        assertThat(dead).extracting(DeadLetter::error).containsOnly(CheckedTaskQueue.NO_ERROR);
    }
}

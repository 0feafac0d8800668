package dev.spool.testkit;

import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.QueueSettings;
import dev.spool.api.RateLimit;
import dev.spool.api.Task;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract clause 13, second part: a queue's rate and concurrency limits hold across every consumer,
 * the tasks they hold back stay ready in order with no attempt counted, and a slot is freed when its
 * task settles or its lease runs out. The broker's clock is the test's. Part of {@link TaskQueueContractTest}.
 */
public abstract class LimitContract extends ScheduleContract {

    private List<String> enqueueMany(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(enqueue(Task.of("limited", "{\"n\":" + i + "}")));
        }
        return ids;
    }

    private void limit(QueueSettings s) {
        broker.inspector().configure(queue.name(), s);
    }

    /** Three brokers fetch at the same moment; returns every delivery they got. */
    protected List<Delivery> fetchFromThree(int each) throws Exception {
        List<Broker> brokers = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                brokers.add(openBroker(clock, Map.of()));
            }
            brokers.add(broker);
            List<CompletableFuture<List<Delivery>>> got = new ArrayList<>();
            for (Broker b : brokers) {
                got.add(CompletableFuture.supplyAsync(() -> b.queue(queue.name()).fetch(each, Duration.ZERO, LEASE)));
            }
            List<Delivery> all = new ArrayList<>();
            for (CompletableFuture<List<Delivery>> f : got) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            brokers.remove(broker);
            brokers.forEach(Broker::close);
        }
    }

    @Test
    void limitsAreSettingsOfTheQueueAndBadOnesAreRefused() {
        QueueSettings s = broker.inspector().settings(queue.name()).withRate(RateLimit.parse("100/1s")).withConcurrency(5);
        limit(s);
        QueueSettings read = broker.inspector().settings(queue.name());
        assertThat(read.rate()).isEqualTo(RateLimit.of(100, Duration.ofSeconds(1)));
        assertThat(read.concurrency()).isEqualTo(5);
        assertThat(read.eventsKept()).isEqualTo(s.eventsKept());
        limit(read.withRate(null).withConcurrency(0));
        assertThat(broker.inspector().settings(queue.name()).limited()).isFalse();
        assertThatThrownBy(() -> RateLimit.parse("fast")).isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("100/1s");
        assertThatThrownBy(() -> RateLimit.parse("0/1s")).hasMessageContaining("use 1 to");
        assertThatThrownBy(() -> read.withConcurrency(-1)).hasMessageContaining("'concurrency' is -1");
    }

    @Test
    void aConcurrencyLimitHoldsAcrossConsumersAndHeldBackTasksStayInOrder() throws Exception {
        List<String> ids = enqueueMany(8);
        limit(QueueSettings.DEFAULTS.withConcurrency(3));
        List<Delivery> first = fetchFromThree(5);
        assertThat(first).as("in flight at once under a limit of 3").hasSize(3);
        assertThat(fetchNow(5)).isEmpty();
        assertThat(queue.ack(first.get(0))).isTrue();
        assertThat(queue.retry(first.get(1), Duration.ZERO, "again")).isEqualTo(dev.spool.api.RetryResult.SCHEDULED);
        List<Delivery> next = fetchNow(5);
        assertThat(next).as("two slots freed by an ack and a retry").hasSize(2);
        List<String> order = new ArrayList<>(first.stream().map(Delivery::id).sorted().toList());
        assertThat(order).containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(next).allSatisfy(d -> assertThat(d.task().attempt()).isLessThanOrEqualTo(2));
        assertThat(next.stream().filter(d -> d.task().attempt() == 1).map(Delivery::id).toList())
                .as("held back: FIFO, first attempt").isSubsetOf(ids.subList(3, 5));
    }

    @Test
    void aSlotIsFreedWhenALeaseRunsOut() {
        enqueueMany(2);
        limit(QueueSettings.DEFAULTS.withConcurrency(1));
        List<Delivery> one = queue.fetch(5, Duration.ZERO, Duration.ofSeconds(2));
        assertThat(one).hasSize(1);
        assertThat(fetchNow(5)).isEmpty();
        clock.advance(Duration.ofSeconds(3));
        assertThat(fetchNow(5)).as("the expired lease's slot").hasSize(1);
        assertThat(fetchNow(5)).isEmpty();
    }

    @Test
    void aRateLimitHoldsAcrossConsumersPerPeriod() throws Exception {
        List<String> ids = enqueueMany(12);
        limit(QueueSettings.DEFAULTS.withRate(RateLimit.of(5, Duration.ofSeconds(1))));
        List<Delivery> first = fetchFromThree(4);
        assertThat(first).as("leased in the first second under 5/1s").hasSize(5);
        assertThat(first.stream().map(Delivery::id).sorted().toList()).containsExactlyElementsOf(ids.subList(0, 5));
        first.forEach(queue::ack);
        assertThat(fetchNow(10)).as("acks free no rate").isEmpty();
        clock.advance(Duration.ofMillis(999));
        assertThat(fetchNow(10)).isEmpty();
        clock.advance(Duration.ofMillis(1));
        List<Delivery> second = fetchNow(10);
        assertThat(second).extracting(Delivery::id).containsExactlyElementsOf(ids.subList(5, 10));
        assertThat(second).allSatisfy(d -> assertThat(d.task().attempt()).as("held back: no attempt counted").isEqualTo(1));
    }

    @Test
    void aLargeBatchUnderARateLimitIsLeasedInOneFetch() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 4_500; i++) {
            tasks.add(Task.of("bulk", "{}"));
        }
        assertThat(queue.enqueueAll(tasks)).allSatisfy(r -> assertThat(r.accepted()).isTrue());
        limit(QueueSettings.DEFAULTS.withRate(RateLimit.of(5_000, Duration.ofSeconds(1))));
        List<Delivery> got = queue.fetch(5_000, Duration.ZERO, LEASE);
        assertThat(got).hasSize(4_500);
        assertThat(queue.ackAll(got)).isEqualTo(4_500);
        enqueueMany(600);
        assertThat(fetchNow(1_000)).as("the window holds 4,500: 500 more").hasSize(500);
    }

    @Test
    void aTaskHandedBackForLaterRunsAfterTheDelayItsAttemptNotCounted() {
        String id = enqueue(Task.of("busy-api", "{}"));
        Delivery first = fetchOne();
        assertThat(first.task().attempt()).isEqualTo(1);
        assertThat(queue.release(first, Duration.ofSeconds(10))).isTrue();
        assertThat(queue.release(first, Duration.ofSeconds(10))).as("the lease is gone").isFalse();
        assertThat(broker.inspector().task(queue.name(), id)).hasValueSatisfying(
                i -> assertThat(i.state()).isEqualTo(dev.spool.api.TaskState.SCHEDULED));
        clock.advance(Duration.ofMillis(9_999));
        assertNothingReady();
        clock.advance(Duration.ofMillis(1));
        Delivery again = fetchOne();
        assertThat(again.id()).isEqualTo(id);
        assertThat(again.task().attempt()).as("the handed-back attempt is not counted").isEqualTo(1);
        assertThatThrownBy(() -> queue.release(again, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delay is PT-1S");
        assertThat(queue.ack(again)).isTrue();
    }
}

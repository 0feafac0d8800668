package dev.spool.testkit;

import dev.spool.api.DeadLetter;
import dev.spool.api.Delivery;
import dev.spool.api.QueueEvent;
import dev.spool.api.QueueEvents;
import dev.spool.api.RetryResult;
import dev.spool.api.Task;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract clause 6, second half: a task past its deadline ({@link Task#expiresAt()}) is never
 * delivered. A fetch that finds it makes it a dead letter with the reason "expired" (or drops it when
 * it asks), counts it in the stats, and hands out the others. Part of {@link TaskQueueContractTest}.
 */
public abstract class ExpiryContract extends TypeLimitContract {

    /** Fetches until nothing more comes (a fetch that found only expired tasks may return none). */
    private List<Delivery> fetchAll() {
        List<Delivery> out = new ArrayList<>();
        for (int empty = 0; empty < 3; ) {
            List<Delivery> got = fetchNow(10);
            if (got.isEmpty()) {
                empty++;
            }
            out.addAll(got);
        }
        return out;
    }

    @Test
    void anExpiredTaskIsNeverDeliveredItBecomesADeadLetterOrIsDroppedAsItAsked() {
        String dies = enqueue(Task.builder("t").payload("{\"n\":1}").expiresAt(clock.instant().plusSeconds(10)).build());
        String plain = enqueue(Task.of("t", "{\"n\":2}"));
        String dropped = enqueue(Task.builder("t").payload("{\"n\":3}").expiresAt(clock.instant().plusSeconds(10))
                .dropExpired(true).uniqueKey("expiring-" + queue.name()).build());
        String later = enqueue(Task.builder("t").payload("{\"n\":4}").expiresAt(clock.instant().plusSeconds(60)).build());
        clock.advance(Duration.ofSeconds(10));

        List<Delivery> got = fetchAll();
        assertThat(got).extracting(Delivery::id).containsExactlyInAnyOrder(plain, later);
        assertThat(got.stream().filter(d -> d.id().equals(later)).findFirst().orElseThrow().task().expiresAt())
                .isEqualTo(clock.instant().plusSeconds(50));
        List<DeadLetter> dead = broker.inspector().deadLetters(queue.name(), 0, 10);
        assertThat(dead).extracting(DeadLetter::id).containsExactly(dies);
        assertThat(dead.get(0).error()).startsWith("expired: not started before its deadline (expiresAt ");
        assertThat(dead.get(0).attempts()).as("never started").isZero();
        assertThat(broker.inspector().task(queue.name(), dropped)).as("dropped, as it asked").isEmpty();
        assertThat(broker.inspector().stats(queue.name()).expired()).isEqualTo(2);
        assertThat(queue.enqueue(Task.builder("t").uniqueKey("expiring-" + queue.name()).build()).accepted())
                .as("the dropped task's unique key is free").isTrue();
        List<QueueEvent> events = broker.inspector().events(queue.name(), QueueEvents.START, 100, Duration.ZERO);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(QueueEvent.Kind.EXPIRED);
            assertThat(e.taskId()).isEqualTo(dropped);
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(QueueEvent.Kind.DEAD);
            assertThat(e.taskId()).isEqualTo(dies);
        });
    }

    @Test
    void aRetryDueAfterTheDeadlineIsNotRun() {
        String id = enqueue(Task.builder("t").expiresAt(clock.instant().plusSeconds(5)).build());
        Delivery first = fetchOne();
        assertThat(queue.retry(first, Duration.ofSeconds(10), "boom")).isEqualTo(RetryResult.SCHEDULED);
        clock.advance(Duration.ofSeconds(10));
        assertThat(fetchAll()).isEmpty();
        List<DeadLetter> dead = broker.inspector().deadLetters(queue.name(), 0, 10);
        assertThat(dead).extracting(DeadLetter::id).containsExactly(id);
        assertThat(dead.get(0).attempts()).as("the one attempt that ran").isEqualTo(1);
        assertThat(dead.get(0).error()).startsWith("expired:");
    }
}

package dev.spool.testkit;

import dev.spool.api.Delivery;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.QueueSettings;
import dev.spool.api.QueueStats;
import dev.spool.api.RateLimit;
import dev.spool.api.RetryResult;
import dev.spool.api.Task;
import dev.spool.api.TypeLimit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract clause 13, third part: limits on one task type within a queue hold across every consumer;
 * a task held back by its type's limit stays ready in its place, its attempt not counted, while the
 * tasks of other types behind it are leased; a type's slot is freed when its task settles or its lease
 * runs out, and kept while the lease is renewed. Part of {@link TaskQueueContractTest}.
 */
public abstract class TypeLimitContract extends LimitContract {

    /** Enqueues "api" and "mail" tasks in turn, n of each: api-0, mail-0, api-1, ...; returns ids by type. */
    private Map<String, List<String>> enqueueMixed(int n) {
        Map<String, List<String>> ids = new HashMap<>();
        for (int i = 0; i < n; i++) {
            for (String type : List.of("api", "mail")) {
                ids.computeIfAbsent(type, t -> new ArrayList<>()).add(enqueue(Task.of(type, "{\"n\":" + i + "}")));
            }
        }
        return ids;
    }

    private void limitType(String type, TypeLimit limit) {
        broker.inspector().configure(queue.name(), QueueSettings.DEFAULTS.withTypeLimit(type, limit));
    }

    private static List<String> idsOf(List<Delivery> got, String type) {
        return got.stream().filter(d -> d.task().type().equals(type)).map(Delivery::id).toList();
    }

    @Test
    void typeLimitsAreSettingsOfTheQueueAndBadOnesAreRefused() {
        TypeLimit api = new TypeLimit(RateLimit.parse("10/1s"), 2);
        QueueSettings s = broker.inspector().settings(queue.name()).withConcurrency(7).withTypeLimit("api", api)
                .withTypeLimit("mail.send", new TypeLimit(null, 1));
        broker.inspector().configure(queue.name(), s);
        QueueSettings read = broker.inspector().settings(queue.name());
        assertThat(read.typeLimits()).containsExactly(Map.entry("api", api), Map.entry("mail.send", new TypeLimit(null, 1)));
        assertThat(read.concurrency()).isEqualTo(7);
        assertThat(read).isEqualTo(s);
        broker.inspector().configure(queue.name(), read.withTypeLimit("api", null).withTypeLimit("mail.send", null));
        assertThat(broker.inspector().settings(queue.name()).typeLimits()).isEmpty();
        assertThatThrownBy(() -> new TypeLimit(null, 0)).isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("needs a rate, a concurrency or both");
        assertThatThrownBy(() -> read.withTypeLimit("bad type", api)).hasMessageContaining("'bad type'");
        QueueSettings many = QueueSettings.DEFAULTS;
        for (int i = 0; i < QueueSettings.MAX_TYPE_LIMITS; i++) {
            many = many.withTypeLimit("t" + i, api);
        }
        QueueSettings full = many;
        assertThatThrownBy(() -> full.withTypeLimit("one-more", api)).hasMessageContaining("at most 100 types");
    }

    @Test
    void aTypeConcurrencyLimitHoldsAcrossConsumersWhileOtherTypesPass() throws Exception {
        Map<String, List<String>> ids = enqueueMixed(4);
        limitType("api", new TypeLimit(null, 2));
        List<Delivery> first = fetchFromThree(3);
        assertThat(idsOf(first, "api")).as("api in flight under its limit of 2").hasSize(2)
                .allSatisfy(id -> assertThat(ids.get("api").subList(0, 2)).contains(id));
        assertThat(idsOf(first, "mail")).as("mail behind the held-back api tasks").hasSize(4);
        assertThat(fetchNow(5)).isEmpty();
        QueueStats stats = broker.inspector().stats(queue.name());
        assertThat(stats.ready()).as("held back: still ready").isEqualTo(2);
        assertThat(stats.inFlight()).isEqualTo(6);

        Delivery api0 = first.stream().filter(d -> d.task().type().equals("api")).findFirst().orElseThrow();
        assertThat(queue.ack(api0)).isTrue();
        List<Delivery> next = fetchNow(5);
        assertThat(next).as("the ack freed one slot: the oldest held-back api task").extracting(Delivery::id)
                .containsExactly(ids.get("api").get(2));
        assertThat(next.get(0).task().attempt()).as("held back: no attempt counted").isEqualTo(1);
        assertThat(queue.retry(next.get(0), Duration.ofHours(1), "later")).isEqualTo(RetryResult.SCHEDULED);
        assertThat(fetchNow(5)).as("the retry freed its slot").extracting(Delivery::id).containsExactly(ids.get("api").get(3));
        assertThat(fetchNow(5)).isEmpty();
    }

    @Test
    void aTypeSlotIsKeptByARenewalAndFreedWhenTheLeaseRunsOut() {
        String a = enqueue(Task.of("api", "{}"));
        String b = enqueue(Task.of("api", "{}"));
        limitType("api", new TypeLimit(null, 1));
        List<Delivery> one = queue.fetch(5, Duration.ZERO, Duration.ofSeconds(2));
        assertThat(one).extracting(Delivery::id).containsExactly(a);
        clock.advance(Duration.ofMillis(1_500));
        assertThat(queue.renew(one.get(0), Duration.ofSeconds(3))).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(fetchNow(5)).as("the renewed lease keeps its slot").isEmpty();
        clock.advance(Duration.ofSeconds(3));
        List<Delivery> again = fetchNow(5);
        assertThat(again).as("the lease ran out: its slot is free, one task leased").hasSize(1);
        assertThat(again.get(0).id()).isIn(a, b);
        assertThat(queue.release(again.get(0))).isTrue();
        assertThat(fetchNow(5)).as("a release frees the slot").hasSize(1);
    }

    @Test
    void aTypeRateLimitHoldsPerPeriodAndHeldBackTasksKeepTheirOrder() throws Exception {
        Map<String, List<String>> ids = enqueueMixed(6);
        limitType("api", new TypeLimit(RateLimit.of(2, Duration.ofSeconds(1)), 0));
        List<Delivery> first = fetchFromThree(4);
        assertThat(idsOf(first, "api")).as("api started in the first second under 2/1s")
                .containsExactlyInAnyOrderElementsOf(ids.get("api").subList(0, 2));
        assertThat(idsOf(first, "mail")).containsExactlyInAnyOrderElementsOf(ids.get("mail"));
        first.forEach(queue::ack);
        clock.advance(Duration.ofMillis(999));
        assertThat(fetchNow(10)).as("acks free no rate").isEmpty();
        clock.advance(Duration.ofMillis(1));
        List<Delivery> second = fetchNow(10);
        assertThat(second).extracting(Delivery::id).containsExactlyElementsOf(ids.get("api").subList(2, 4));
        assertThat(second).allSatisfy(d -> assertThat(d.task().attempt()).as("held back: no attempt counted").isEqualTo(1));
        enqueue(Task.of("mail", "{}"));
        assertThat(fetchNow(10)).as("a new mail task passes the full api type").extracting(d -> d.task().type())
                .containsExactly("mail");
    }
}

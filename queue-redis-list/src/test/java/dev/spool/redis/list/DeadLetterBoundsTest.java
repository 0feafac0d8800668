package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.DeadLetter;
import dev.spool.api.Delivery;
import dev.spool.api.NotReplicatedException;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.TestClock;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dead-letter set is bounded by count and by age (judged by the clock), and unique locks carry a Redis TTL. */
class DeadLetterBoundsTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    private final TestClock clock = new TestClock();

    private Broker open(String maxCount, String maxAge) {
        return Spool.connect("redis-list", BackendConfig.builder(REDIS.url()).clock(clock)
                .option("dead.max-count", maxCount).option("dead.max-age", maxAge).build());
    }

    private static List<String> bury(TaskQueue q, TestClock clock, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            q.enqueue(Task.of("doomed", "{}"));
            Delivery d = q.fetch(1, Duration.ZERO).get(0);
            assertThat(q.fail(d, "no")).isTrue();
            ids.add(d.id());
            clock.advance(Duration.ofMillis(1));
        }
        return ids;
    }

    @Test
    void theOldestDeadLettersGoWhenTheCountIsExceeded() {
        try (Broker broker = open("5", "30d")) {
            TaskQueue q = broker.queue("bound-count-" + System.nanoTime());
            List<String> ids = bury(q, clock, 8);
            List<DeadLetter> dead = broker.inspector().deadLetters(q.name(), 0, 100);
            assertThat(dead).extracting(DeadLetter::id).containsExactly(ids.get(7), ids.get(6), ids.get(5), ids.get(4),
                    ids.get(3));
            assertThat((Long) REDIS.command("HLEN", new Keys(q.name()).deadBody())).isEqualTo(5);
        }
    }

    @Test
    void deadLettersOlderThanTheMaximumAgeGo() {
        try (Broker broker = open("100", "1m")) {
            TaskQueue q = broker.queue("bound-age-" + System.nanoTime());
            bury(q, clock, 3);
            clock.advance(Duration.ofMinutes(2));
            List<String> young = bury(q, clock, 1);
            assertThat(broker.inspector().deadLetters(q.name(), 0, 100)).extracting(DeadLetter::id)
                    .containsExactlyElementsOf(young);
        }
    }

    @Test
    void uniqueLocksAlwaysCarryARedisTtl() {
        try (Broker broker = open("100", "1d")) {
            TaskQueue q = broker.queue("ttl-" + System.nanoTime());
            q.enqueue(Task.builder("t").uniqueKey("held").build());
            q.enqueue(Task.builder("t").uniqueKey("window").uniqueFor(Duration.ofMinutes(5)).build());
            Keys keys = new Keys(q.name());
            long held = (Long) REDIS.command("PTTL", keys.uniqueLock("held"));
            long window = (Long) REDIS.command("PTTL", keys.uniqueLock("window"));
            assertThat(held).as("TTL of a key held until the task finishes")
                    .isGreaterThan(Task.DEFAULT_UNIQUE_FOR.toMillis()).isLessThan(Task.DEFAULT_UNIQUE_FOR.toMillis() + 120_000);
            assertThat(window).as("TTL of a windowed key").isGreaterThan(300_000).isLessThan(300_000 + 120_000);
        }
    }

    @Test
    void replicasWaitWithoutAReplicaStillStoresTheTaskAfterTheTimeout() {
        try (Broker broker = Spool.connect("redis-list", BackendConfig.builder(REDIS.url()).clock(clock)
                .option("replicas.wait", "1").option("replicas.timeout", "50ms").build())) {
            TaskQueue q = broker.queue("lonely-" + System.nanoTime());
            assertThat(q.enqueue(Task.of("t", "{}")).accepted()).isTrue();
            assertThat(q.fetch(1, Duration.ZERO)).hasSize(1);
        }
    }

    @Test
    void replicasShortfallFailThrowsNamingTheStoredTasksWhichStayQueued() {
        try (Broker broker = Spool.connect("redis-list", BackendConfig.builder(REDIS.url()).clock(clock)
                .option("replicas.wait", "1").option("replicas.timeout", "50ms").option("replicas.shortfall", "fail").build())) {
            TaskQueue q = broker.queue("lonely-" + System.nanoTime());
            Task t = Task.builder("t").id("must-survive").build();
            assertThatThrownBy(() -> q.enqueue(t))
                    .isInstanceOfSatisfying(NotReplicatedException.class, e -> {
                        assertThat(e.taskIds()).containsExactly("must-survive");
                        assertThat(e.confirmed()).isZero();
                    })
                    .hasMessageContaining("queue '" + q.name() + "'").hasMessageContaining("task must-survive")
                    .hasMessageContaining("0 of 1 replicas").hasMessageContaining("enqueue it again with the same id");
            assertThat(q.fetch(1, Duration.ZERO)).extracting(d -> d.task().id()).containsExactly("must-survive");
        }
        assertThatThrownBy(() -> Spool.connect("redis-list", BackendConfig.builder(REDIS.url())
                .option("replicas.shortfall", "panic").build()))
                .hasMessageContaining("'replicas.shortfall' is 'panic'").hasMessageContaining("'log'").hasMessageContaining("'fail'");
    }
}

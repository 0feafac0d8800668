package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;
import dev.spool.api.BackendException;
import dev.spool.api.Broker;
import dev.spool.api.DeadLetter;
import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.TestClock;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What redis-stream does beyond the contract: key layout, waiting on the server, scripts, config, consumers. */
class RedisStreamBrokerTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    private static Broker open(Map<String, String> options) {
        return Spool.connect("redis-stream", BackendConfig.builder(REDIS.url()).options(options).build());
    }

    @Test
    void everyKeyOfAQueueSharesItsHashTag() {
        String queue = "layout-" + System.nanoTime();
        try (Broker broker = open(Map.of()); TaskQueue q = broker.queue(queue)) {
            q.enqueue(Task.builder("t").priority(9).uniqueKey("k1").build());
            q.enqueue(Task.builder("t").id("later-1").runAt(Instant.now().plusSeconds(600)).build());
            Delivery d = q.fetch(1, Duration.ZERO).get(0);
            q.fail(d, "to see the dead letter keys");
            q.enqueue(Task.of("t", "{}"));
            q.fetch(1, Duration.ZERO);
            List<String> keys = StreamProbe.keys(StreamProbe.of(REDIS), queue);
            String p = "spool:{" + queue + "}:";
            assertThat(keys).contains(p + "stream:9", p + "stream:0", p + "scheduled", p + "scheduled:later-1",
                    p + "dead-letters", p + "dead-letter:" + d.id(), p + "tokens", p + "leases", p + "where", p + "stats", p + "consumers");
            assertThat(REDIS.command("HGET", p + "dead-letter:" + d.id(), "error")).isEqualTo("to see the dead letter keys");
            assertThat(String.valueOf(REDIS.command("SMEMBERS", dev.spool.redis.core.KeyNames.NONE.queues()))).contains(queue);
        }
    }

    @Test
    void anotherConsumerTakesOverAnExpiredLeaseAndTheFirstCanNoLongerSettleIt() {
        String queue = "takeover-" + System.nanoTime();
        TestClock clock = new TestClock();
        BackendConfig config = BackendConfig.builder(REDIS.url()).clock(clock).build();
        try (Broker a = Spool.connect("redis-stream", config); Broker b = Spool.connect("redis-stream", config)) {
            a.queue(queue).enqueue(Task.builder("t").maxAttempts(3).build());
            Delivery first = a.queue(queue).fetch(1, Duration.ZERO, Duration.ofSeconds(10)).get(0);
            String entry = first.leaseToken().substring(2, first.leaseToken().indexOf('~'));
            assertThat(pendingOwner(queue, entry)).isEqualTo(((RedisStreamBroker) a).consumer());
            assertThat(b.queue(queue).fetch(1, Duration.ZERO)).as("while A's lease holds").isEmpty();

            clock.advance(Duration.ofSeconds(11));
            Delivery second = b.queue(queue).fetch(1, Duration.ZERO).get(0);
            assertThat(second.id()).isEqualTo(first.id());
            assertThat(second.attempt()).isEqualTo(2);
            assertThat(pendingOwner(queue, entry)).as("XCLAIMed by B").isEqualTo(((RedisStreamBroker) b).consumer());

            assertThat(a.queue(queue).ack(first)).isFalse();
            assertThat(a.queue(queue).retry(first, Duration.ZERO, "late")).isEqualTo(dev.spool.api.RetryResult.LEASE_LOST);
            assertThat(a.queue(queue).release(first)).isFalse();
            assertThat(b.queue(queue).ack(second)).isTrue();
            assertThat(StreamProbe.entries(StreamProbe.of(REDIS), queue)).isZero();
        }
    }

    private static String pendingOwner(String queue, String entryId) {
        List<?> r = (List<?>) REDIS.command("XPENDING", Keys.stream(queue, 0), "spool", entryId, entryId, "1");
        return String.valueOf(((List<?>) r.get(0)).get(1));
    }

    @Test
    void aTaskIdIsStoredOnceUntilItIsDone() {
        String queue = "ids-" + System.nanoTime();
        try (Broker broker = open(Map.of()); TaskQueue q = broker.queue(queue)) {
            Task t = Task.builder("t").id("order-42").build();
            assertThat(q.enqueue(t).accepted()).isTrue();
            EnqueueResult again = q.enqueue(t);
            assertThat(again.accepted()).as("the same id again, as a re-sent call would").isFalse();
            assertThat(again.duplicateOf()).isEqualTo("order-42");
            List<Delivery> got = q.fetch(10, Duration.ZERO);
            assertThat(got).hasSize(1);
            assertThat(q.ack(got.get(0))).isTrue();
            assertThat(q.enqueue(t).accepted()).as("after the ack").isTrue();
        }
    }

    @Test
    void deadLettersAreBoundedByCountAndAge() {
        String queue = "bounded-" + System.nanoTime();
        TestClock clock = new TestClock();
        try (Broker broker = Spool.connect("redis-stream", BackendConfig.builder(REDIS.url()).clock(clock)
                .option("dead.max-count", "3").option("dead.max-age", "1h").build());
             TaskQueue q = broker.queue(queue)) {
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(q.enqueue(Task.of("t", "{}")).taskId());
                assertThat(q.fail(q.fetch(1, Duration.ZERO).get(0), "no")).isTrue();
                clock.advance(Duration.ofMillis(1));
            }
            assertThat(broker.inspector().deadLetters(queue, 0, 10)).extracting(DeadLetter::id)
                    .containsExactly(ids.get(4), ids.get(3), ids.get(2));
            clock.advance(Duration.ofMinutes(61));
            q.enqueue(Task.of("t", "{}"));
            assertThat(q.fail(q.fetch(1, Duration.ZERO).get(0), "no")).isTrue();
            assertThat(broker.inspector().deadLetters(queue, 0, 10)).hasSize(1);
            assertThat(StreamProbe.keys(StreamProbe.of(REDIS), queue)).filteredOn(k -> k.contains(":dead-letter:")).hasSize(1);
        }
    }

    @Test
    void aLongSliceIsNotMistakenForAResponseTimeout() {
        String queue = "long-" + System.nanoTime();
        try (Broker broker = open(Map.of("fetch.max-block", "5s", "timeout.read", "1s")); TaskQueue q = broker.queue(queue)) {
            assertThat(q.fetch(1, Duration.ofMillis(4_500))).isEmpty();
        }
    }

    @Test
    void aWaitingFetchBlocksOnTheServerInsteadOfPolling() {
        String queue = "wait-" + System.nanoTime();
        try (Broker broker = open(Map.of()); TaskQueue q = broker.queue(queue)) {
            q.fetch(1, Duration.ZERO); // scripts loaded, consumer known
            long before = evalshaCalls();
            long t0 = System.nanoTime();
            assertThat(q.fetch(1, Duration.ofSeconds(2))).isEmpty();
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            long calls = evalshaCalls() - before;
            assertThat(tookMs).as("waited the whole wait").isGreaterThanOrEqualTo(1_900);
            assertThat(calls).as("script calls during a 2 s wait with the default slice (1 s)").isBetween(2L, 6L);
        }
    }

    @Test
    void aWaitingFetchWakesForADelayedTaskThatBecomesDue() {
        String queue = "due-" + System.nanoTime();
        try (Broker broker = open(Map.of("fetch.max-block", "5m")); TaskQueue q = broker.queue(queue)) {
            String id = q.enqueue(Task.builder("t").runAt(Instant.now().plusMillis(400)).build()).taskId();
            long t0 = System.nanoTime();
            List<Delivery> got = q.fetch(1, Duration.ofSeconds(90));
            assertThat(got).extracting(Delivery::id).containsExactly(id);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("woke at the runAt, not at the slice").isLessThan(60_000);
        }
    }

    @Test
    void aWaitingFetchWakesForWorkNoStreamAnnounces() throws Exception {
        String queue = "wake-" + System.nanoTime();
        try (Broker broker = open(Map.of("fetch.max-block", "5m")); TaskQueue q = broker.queue(queue)) {
            q.enqueue(Task.of("t", "{}"));
            Delivery held = q.fetch(1, Duration.ZERO).get(0);

            var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> q.fetch(1, Duration.ofSeconds(90)));
            Thread.sleep(300);
            long t0 = System.nanoTime();
            assertThat(q.release(held)).isTrue();
            assertThat(waiting.get(120, java.util.concurrent.TimeUnit.SECONDS)).extracting(Delivery::id).containsExactly(held.id());
            assertThat((System.nanoTime() - t0) / 1_000_000).as("woken by the release").isLessThan(60_000);

            var waiting2 = java.util.concurrent.CompletableFuture.supplyAsync(() -> q.fetch(1, Duration.ofSeconds(90)));
            Thread.sleep(300);
            t0 = System.nanoTime();
            String later = q.enqueue(Task.builder("t").runAt(Instant.now().plusMillis(300)).build()).taskId();
            assertThat(waiting2.get(120, java.util.concurrent.TimeUnit.SECONDS)).extracting(Delivery::id).containsExactly(later);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("woken by the delayed task, then at its runAt").isLessThan(60_000);
        }
    }

    @Test
    void scriptsComeBackAfterTheServerForgetsThem() {
        String queue = "noscript-" + System.nanoTime();
        try (Broker broker = open(Map.of()); TaskQueue q = broker.queue(queue)) {
            q.enqueue(Task.of("t", "{}"));
            REDIS.command("SCRIPT", "FLUSH");
            q.enqueue(Task.of("t", "{}"));
            List<Delivery> got = q.fetch(5, Duration.ZERO);
            assertThat(got).hasSize(2);
            REDIS.command("SCRIPT", "FLUSH");
            assertThat(q.ackAll(got)).isEqualTo(2);
        }
    }

    @Test
    void aClosingBrokerTakesItsConsumerOutOfTheGroup() {
        String queue = "bye-" + System.nanoTime();
        String consumer;
        try (Broker broker = open(Map.of()); TaskQueue q = broker.queue(queue)) {
            q.enqueue(Task.of("t", "{}"));
            Delivery d = q.fetch(1, Duration.ZERO).get(0);
            consumer = ((RedisStreamBroker) broker).consumer();
            assertThat(StreamProbe.consumers(REDIS, queue)).containsExactly(consumer);
            assertThat(q.ack(d)).isTrue();
        }
        assertThat(StreamProbe.consumers(REDIS, queue)).isEmpty();
    }

    @Test
    void aClosingBrokerThatStillHoldsTasksLeavesItsConsumerUntilTheyAreClaimed() {
        String queue = "held-" + System.nanoTime();
        String first;
        try (Broker broker = open(Map.of()); TaskQueue q = broker.queue(queue)) {
            q.enqueue(Task.of("t", "{}"));
            q.fetch(1, Duration.ZERO, Duration.ofMillis(300));
            first = ((RedisStreamBroker) broker).consumer();
        }
        assertThat(StreamProbe.consumers(REDIS, queue)).containsExactly(first);
        try (Broker broker = open(Map.of()); TaskQueue q = broker.queue(queue)) {
            List<Delivery> again = q.fetch(1, Duration.ofSeconds(10));
            assertThat(again).hasSize(1);
            assertThat(again.get(0).attempt()).isEqualTo(2);
            assertThat(q.ack(again.get(0))).isTrue();
            ((RedisStreamBroker) broker).maintain(queue, ""); // the fetch may have done it already
            assertThat(StreamProbe.consumers(REDIS, queue)).containsExactly(((RedisStreamBroker) broker).consumer());
        }
    }

    @Test
    void aRedissonYamlFileCanReplaceTheUrl(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("redisson.yaml");
        Files.writeString(yaml, "singleServerConfig:\n  address: \"redis://" + REDIS.host() + ":" + REDIS.port() + "\"\n"
                + "  connectionMinimumIdleSize: 1\n");
        try (Broker broker = Spool.connect("redis-stream", BackendConfig.builder("redis://ignored:1")
                .option("redisson.config", yaml.toString()).build())) {
            broker.ping();
            String queue = "yaml-" + System.nanoTime();
            String id = broker.queue(queue).enqueue(Task.of("t", "{}")).taskId();
            assertThat(broker.queue(queue).fetch(1, Duration.ZERO)).extracting(Delivery::id).containsExactly(id);
        }
        assertThatThrownBy(() -> Spool.connect("redis-stream", BackendConfig.builder("redis://x:1")
                .option("redisson.config", dir.resolve("missing.yaml").toString()).build()))
                .hasMessageContaining("redisson.config").hasMessageContaining("missing.yaml");
    }

    @Test
    void anUnreachableServerFailsFastNamingTheAddressButNotThePassword() {
        assertThatThrownBy(() -> Spool.connect("redis-stream", BackendConfig.builder("redis://admin:hunter2@127.0.0.1:1")
                .option("timeout.connect", "2s").build()))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining("hunter2")
                .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain("hunter2"));
    }

    private static long evalshaCalls() {
        String info = String.valueOf(REDIS.command("INFO", "commandstats"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cmdstat_evalsha[:=]calls=(\\d+)").matcher(info);
        assertThat(m.find()).as("evalsha in INFO commandstats: %s", info).isTrue();
        return Long.parseLong(m.group(1));
    }
}

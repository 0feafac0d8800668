package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.DeadLetter;
import dev.spool.api.Delivery;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskDecodeException;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.TestClock;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Data written by hand or half-lost is dead-lettered or repaired, and delivery carries on. */
class RepairTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    private final TestClock clock = new TestClock();
    private Broker broker;
    private TaskQueue queue;
    private Keys keys;

    @BeforeEach
    void open() {
        broker = Spool.connect("redis-list", BackendConfig.builder(REDIS.url()).clock(clock).build());
        String name = "repair-" + System.nanoTime();
        queue = broker.queue(name);
        keys = new Keys(name);
    }

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    void garbageInAPriorityListAndInTheDelayedSetIsDeadLetteredAndTheNextTaskFlows() {
        REDIS.command("RPUSH", keys.ready(7), "junk in ready:7");
        REDIS.command("ZADD", keys.prefix() + "delayed", Long.toString(clock.millis() - 1), "junk in delayed");
        REDIS.command("RPUSH", keys.ready(2), "{\"id\":\"half-1\",\"t\":\"x\"");
        String good = queue.enqueue(Task.of("good", "{}")).taskId();

        List<Delivery> got = queue.fetch(10, Duration.ZERO);
        assertThat(got).extracting(Delivery::id).containsExactly(good);
        assertThat(queue.ack(got.get(0))).isTrue();

        List<DeadLetter> dead = broker.inspector().deadLetters(queue.name(), 0, 10);
        assertThat(dead).extracting(DeadLetter::raw)
                .containsExactlyInAnyOrder("junk in ready:7", "junk in delayed", "{\"id\":\"half-1\",\"t\":\"x\"");
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.task()).isNull();
            assertThat(d.error()).contains("not a Spool task");
        });
        assertThat(dead).extracting(DeadLetter::id).contains("half-1");
        assertThat(broker.inspector().stats(queue.name()).pending()).isZero();
    }

    @Test
    void anInFlightTaskThatLostItsLeaseRecordIsReapedAndDeliveredAgain() {
        String id = queue.enqueue(Task.builder("t").maxAttempts(3).build()).taskId();
        Delivery d = queue.fetch(1, Duration.ZERO, Duration.ofSeconds(10)).get(0);
        REDIS.command("HDEL", keys.prefix() + "lease", id);
        assertThat(queue.ack(d)).as("ack without a lease record").isFalse();
        clock.advance(Duration.ofSeconds(11));
        Delivery again = queue.fetch(1, Duration.ZERO).get(0);
        assertThat(again.id()).isEqualTo(id);
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(queue.ack(again)).isTrue();
        assertThat(broker.inspector().stats(queue.name()).pending()).isZero();
    }

    @Test
    void anInFlightIdWithNoDataIsDeadLetteredWithTheReasonNotDroppedSilently() {
        REDIS.command("ZADD", keys.prefix() + "inflight", Long.toString(clock.millis() - 1), "ghost");
        assertThat(broker.inspector().stats(queue.name()).inFlight()).isEqualTo(1);
        assertThat(queue.fetch(1, Duration.ZERO)).isEmpty();
        assertThat(broker.inspector().stats(queue.name()).inFlight()).isZero();
        List<DeadLetter> dead = broker.inspector().deadLetters(queue.name(), 0, 10);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).id()).isEqualTo("ghost");
        assertThat(dead.get(0).task()).isNull();
        assertThat(dead.get(0).error()).isEqualTo("in-flight task ghost lost its stored body");
    }

    @Test
    void reapingHappensOnAnyConsumersFetchNotOnlyTheHolders() {
        String id = queue.enqueue(Task.of("t", "{}")).taskId();
        queue.fetch(1, Duration.ZERO, Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(5));
        try (Broker other = Spool.connect("redis-list", BackendConfig.builder(REDIS.url()).clock(clock).build())) {
            Delivery d = other.queue(queue.name()).fetch(1, Duration.ZERO).get(0);
            assertThat(d.id()).isEqualTo(id);
            assertThat(d.attempt()).isEqualTo(2);
        }
    }

    @Test
    void aServerThatForgotTheScriptsIsSentThemAgain() {
        String id = queue.enqueue(Task.of("t", "{}")).taskId();
        REDIS.command("SCRIPT", "FLUSH"); // what a restarted or failed-over server looks like
        Delivery d = queue.fetch(1, Duration.ZERO).get(0);
        assertThat(d.id()).isEqualTo(id);
        REDIS.command("SCRIPT", "FLUSH");
        assertThat(queue.ack(d)).isTrue();
    }

    @Test
    void bytesThatAreNotUtf8AreDeadLetteredNotDeliveredMangled() {
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        raw.writeBytes("{\"id\":\"bad-utf8\",\"t\":\"text\"}\n\"caf".getBytes(StandardCharsets.UTF_8));
        raw.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"'});
        try (Jedis jedis = REDIS.jedis()) {
            jedis.rpush(keys.ready(0).getBytes(StandardCharsets.UTF_8), raw.toByteArray());
        }
        String good = queue.enqueue(Task.of("text", "\"caf\u00e9\"")).taskId();
        List<Delivery> got = queue.fetch(10, Duration.ZERO);
        assertThat(got).extracting(Delivery::id).containsExactly(good);
        assertThat(got.get(0).task().payload()).isEqualTo("\"caf\u00e9\"");
        DeadLetter dead = broker.inspector().deadLetters(queue.name(), 0, 10).get(0);
        assertThat(dead.id()).isEqualTo("bad-utf8");
        assertThat(dead.task()).isNull();
        assertThat(dead.error()).contains("not valid UTF-8").contains("0xC3");
        assertThat(dead.raw()).startsWith("{\"id\":\"bad-utf8\"");
        assertThatThrownBy(() -> broker.inspector().requeueDead(queue.name(), "bad-utf8"))
                .isInstanceOf(TaskDecodeException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void requeueAllPagesThroughManyDeadLettersAndLeavesTheUndecodableOnes() {
        REDIS.command("RPUSH", keys.ready(0), "garbage one");
        List<dev.spool.api.Task> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < 450; i++) {
            tasks.add(Task.of("t", "{\"i\":" + i + "}"));
        }
        queue.enqueueAll(tasks);
        REDIS.command("RPUSH", keys.ready(0), "garbage two");
        int failed = 0;
        for (List<Delivery> got = queue.fetch(100, Duration.ZERO); !got.isEmpty(); got = queue.fetch(100, Duration.ZERO)) {
            for (Delivery d : got) {
                assertThat(queue.fail(d, "down")).isTrue();
                failed++;
            }
        }
        assertThat(failed).isEqualTo(450);
        assertThat(broker.inspector().stats(queue.name()).dead()).isEqualTo(452);
        assertThat(broker.inspector().requeueAllDead(queue.name())).isEqualTo(450);
        assertThat(broker.inspector().deadLetters(queue.name(), 0, 10)).extracting(DeadLetter::raw)
                .containsExactlyInAnyOrder("garbage one", "garbage two");
        assertThat(broker.inspector().stats(queue.name()).ready()).isEqualTo(450);
    }
}

package dev.spool.redis.list;

import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting for work blocks on Redis instead of polling, and a delayed task is delivered soon after its runAt. */
class BlockingFetchTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    private static long calls(String command) {
        String info = (String) REDIS.command("INFO", "commandstats");
        Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void anIdleFetchBlocksOnTheServerInsteadOfPolling() {
        try (Broker broker = Spool.connect("redis-list", REDIS.url())) {
            TaskQueue q = broker.queue("idle-" + System.nanoTime());
            long scripts = calls("evalsha") + calls("eval");
            long blocks = calls("blpop");
            long start = System.nanoTime();
            assertThat(q.fetch(10, Duration.ofSeconds(3))).isEmpty();
            long took = (System.nanoTime() - start) / 1_000_000;
            assertThat(took).as("fetch waited its wait").isGreaterThanOrEqualTo(2_990);
            long scriptCalls = calls("evalsha") + calls("eval") - scripts;
            assertThat(scriptCalls).as("fetch scripts run while idle for 3 s (one per blocking wait of up to 1 s)")
                    .isBetween(1L, 8L);
            assertThat(calls("blpop") - blocks).as("blocking waits").isPositive();
        }
    }

    @Test
    void aDelayedTaskIsDeliveredSoonAfterItsRunAtToAWaitingConsumer() throws Exception {
        try (Broker broker = Spool.connect("redis-list", REDIS.url())) {
            TaskQueue q = broker.queue("soon-" + System.nanoTime());
            // the first task is due long after the second: which comes first is decided by construction,
            // not by how fast this machine runs the two threads
            Instant dueLater = Instant.now().plusMillis(6_000);
            q.enqueue(Task.builder("t").runAt(dueLater).build());
            Thread late = new Thread(() -> {
                long giveUp = System.nanoTime() + 5_000_000_000L;
                while (blockedClients() == 0 && System.nanoTime() < giveUp) { // the consumer waits on the server
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                // enqueued while the consumer waits, and due before the first: the consumer must notice
                q.enqueue(Task.builder("t").payload("{\"second\":true}").runAt(Instant.now().plusMillis(400)).build());
            });
            late.start();
            List<Delivery> got = q.fetch(1, Duration.ofSeconds(20));
            long at = System.currentTimeMillis();
            late.join();
            assertThat(got).hasSize(1);
            Delivery d = got.get(0);
            assertThat(d.task().payload()).as("the task due first").isEqualTo("{\"second\":true}");
            long lateness = at - d.task().runAt().toEpochMilli();
            System.out.println("blocking fetch test: delivered " + lateness + " ms after runAt");
            assertThat(lateness).as("not before runAt").isGreaterThanOrEqualTo(0);
            assertThat(lateness).as("soon after runAt (target 100 ms; generous for a busy machine)").isLessThan(2_000);
            assertThat(q.ack(d)).isTrue();
        }
    }

    private static long blockedClients() {
        Matcher m = Pattern.compile("blocked_clients:(\\d+)").matcher((String) REDIS.command("INFO", "clients"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void anEndlessWaitIsAccepted() {
        try (Broker broker = Spool.connect("redis-list", REDIS.url())) {
            TaskQueue q = broker.queue("forever-" + System.nanoTime());
            String id = q.enqueue(Task.of("t", "{}")).taskId();
            List<Delivery> got = q.fetch(1, java.time.temporal.ChronoUnit.FOREVER.getDuration());
            assertThat(got).extracting(Delivery::id).containsExactly(id);
        }
    }
}

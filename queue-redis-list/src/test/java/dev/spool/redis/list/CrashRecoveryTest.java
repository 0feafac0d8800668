package dev.spool.redis.list;

import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.QueueStats;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.CrashChild;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker JVM leases a batch and is killed with SIGKILL: every task it held is delivered again
 * once its lease has run out (not before), with the attempt counted, and of 10,000 tasks none is
 * lost.
 */
class CrashRecoveryTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    /** 10,000; the soak profile ({@code -Psoak}) raises it to 100,000. */
    private static final int TOTAL = Integer.getInteger("spool.crash.tasks", 10_000);
    private static final int HELD = 1_000;
    private static final long LEASE_MS = 3_000;

    @Test
    void tasksOfAKilledWorkerAreDeliveredAgainAfterTheirLeaseAndNoneIsLost() throws Exception {
        String queue = "crash-" + System.nanoTime();
        try (Broker broker = Spool.connect("redis-list", REDIS.url())) {
            TaskQueue q = broker.queue(queue);
            Set<String> all = new HashSet<>();
            for (int i = 0; i < TOTAL; i += 500) {
                List<Task> batch = new ArrayList<>();
                for (int k = i; k < i + 500; k++) {
                    batch.add(Task.of("crash", "{\"n\":" + k + "}"));
                }
                q.enqueueAll(batch).forEach(r -> all.add(r.taskId()));
            }
            assertThat(all).hasSize(TOTAL);

            Process child = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin" + File.separator
                    + "java", "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), "redis-list", REDIS.url(),
                    queue, Integer.toString(HELD), Long.toString(LEASE_MS))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            Map<String, Long> held = new HashMap<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null && !line.startsWith("READY")) {
                    String[] f = line.split(" ");
                    if (f[0].equals("HELD")) {
                        held.put(f[1], Long.parseLong(f[2]));
                    }
                }
                assertThat(line).as("the child's READY line").isNotNull();
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no ack, no release
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            assertThat(held).hasSize(HELD);
            assertThat(all).containsAll(held.keySet());

            Map<String, Integer> attempts = new HashMap<>();
            Map<String, Long> redeliveredAt = new HashMap<>();
            long idleSince = System.nanoTime();
            while (attempts.size() < TOTAL && System.nanoTime() - idleSince < TimeUnit.SECONDS.toNanos(60)) {
                List<Delivery> got = q.fetch(200, Duration.ofMillis(500), Duration.ofMinutes(5));
                long now = System.currentTimeMillis();
                for (Delivery d : got) {
                    assertThat(attempts.put(d.id(), d.attempt())).as("delivered twice: %s", d.id()).isNull();
                    if (held.containsKey(d.id())) {
                        redeliveredAt.put(d.id(), now);
                    }
                }
                q.ackAll(got);
                if (!got.isEmpty()) {
                    idleSince = System.nanoTime();
                }
            }
            assertThat(attempts.keySet()).as("every task delivered").isEqualTo(all);
            long worstLateness = Long.MIN_VALUE;
            for (Map.Entry<String, Long> e : held.entrySet()) {
                assertThat(attempts.get(e.getKey())).as("attempt of held task %s", e.getKey()).isEqualTo(2);
                long lateness = redeliveredAt.get(e.getKey()) - e.getValue();
                assertThat(lateness).as("redelivered %d ms after its lease deadline (never before)", lateness)
                        .isGreaterThanOrEqualTo(0);
                worstLateness = Math.max(worstLateness, lateness);
            }
            // target 1 s (measured: 45-104 ms); 3 s leaves room for a stall of a loaded 2-core machine
            assertThat(worstLateness).as("held tasks ready again soon after their lease (target: within 1 s)")
                    .isLessThan(3_000);
            System.out.println("crash test: " + TOTAL + " tasks, " + HELD + " held tasks redelivered at most " + worstLateness
                    + " ms after their lease deadline");
            attempts.forEach((id, a) -> {
                if (!held.containsKey(id)) {
                    assertThat(a).as("attempt of %s, never held by the child", id).isEqualTo(1);
                }
            });
            QueueStats s = broker.inspector().stats(queue);
            assertThat(s.pending()).isZero();
            assertThat(s.dead()).isZero();
            assertThat(s.processed()).as("acks plus the expired leases").isEqualTo(TOTAL + HELD);
            assertThat(s.failed()).as("the expired leases").isEqualTo(HELD);
        }
    }
}

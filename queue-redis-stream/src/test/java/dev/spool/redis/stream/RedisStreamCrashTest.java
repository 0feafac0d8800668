package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.CrashChild;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * A worker JVM that holds a batch of leased tasks is killed with SIGKILL: every task it held is
 * delivered again once its lease is over (not before), with the attempt counted, and none of
 * 10,000 tasks is lost. Its consumer then leaves the consumer group.
 */
class RedisStreamCrashTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    private static final int TOTAL = 10_000;
    private static final int HELD = 1_000;
    private static final long CHILD_LEASE_MS = 3_000;

    @Test
    void everyTaskAKilledWorkerHeldIsRedeliveredAfterItsLease() throws Exception {
        String queue = "crash-" + System.nanoTime();
        BackendConfig config = BackendConfig.builder(REDIS.url())
                .option("consumer.timeout", "1s")
                .option("consumer.maintenance-interval", "200ms")
                .build();
        try (Broker broker = Spool.connect("redis-stream", config); TaskQueue q = broker.queue(queue)) {
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < TOTAL; i++) {
                tasks.add(Task.of("crash", "{\"i\":" + i + "}"));
            }
            Set<String> accepted = new HashSet<>();
            q.enqueueAll(tasks).forEach(r -> accepted.add(r.taskId()));
            assertThat(accepted).hasSize(TOTAL);

            Map<String, Long> held = new HashMap<>(); // id -> lease deadline, epoch ms
            Process child = startChild(queue);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null && !line.startsWith("READY")) {
                    if (line.startsWith("HELD ")) {
                        String[] f = line.split(" ");
                        held.put(f[1], Long.parseLong(f[2]));
                    }
                }
                assertThat(line).as("the child printed READY (see its output above)").isNotNull();
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(held).hasSize(HELD);
            assertThat(broker.inspector().stats(queue).inFlight()).isEqualTo(HELD);

            Map<String, Integer> attempts = new HashMap<>();
            Set<String> seenBeforeLeaseEnd = new HashSet<>();
            long idleSince = System.nanoTime();
            while (attempts.size() < TOTAL && System.nanoTime() - idleSince < TimeUnit.SECONDS.toNanos(60)) {
                List<Delivery> got = q.fetch(200, Duration.ofMillis(500), Duration.ofMinutes(5));
                for (Delivery d : got) {
                    assertThat(attempts.put(d.id(), d.attempt())).as("delivered twice: %s", d.id()).isNull();
                    if (held.containsKey(d.id()) && System.currentTimeMillis() < held.get(d.id())) {
                        seenBeforeLeaseEnd.add(d.id());
                    }
                }
                assertThat(q.ackAll(got)).isEqualTo(got.size());
                if (!got.isEmpty()) {
                    idleSince = System.nanoTime();
                }
            }
            assertThat(attempts.keySet()).as("every accepted task delivered").isEqualTo(accepted);
            assertThat(held.keySet()).allSatisfy(id -> assertThat(attempts.get(id)).as("attempt of held task %s", id).isEqualTo(2));
            assertThat(attempts.entrySet()).filteredOn(e -> !held.containsKey(e.getKey()))
                    .allSatisfy(e -> assertThat(e.getValue()).isEqualTo(1));
            assertThat(seenBeforeLeaseEnd).as("held tasks redelivered before the lease ran out").isEmpty();
            assertThat(broker.inspector().stats(queue).pending()).isZero();

            // the dead child's consumer holds nothing now and has not fetched for over consumer-timeout
            Thread.sleep(1_200);
            q.fetch(1, Duration.ZERO);
            RedisStreamBroker b = (RedisStreamBroker) broker;
            b.maintain(queue, "");
            assertThat(StreamProbe.consumers(REDIS, queue)).containsOnly(b.consumer());
        }
    }

    private static Process startChild(String queue) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), "redis-stream", REDIS.url(), queue, String.valueOf(HELD), String.valueOf(CHILD_LEASE_MS));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }
}

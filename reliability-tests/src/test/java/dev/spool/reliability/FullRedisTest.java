package dev.spool.reliability;

import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.QueueStats;
import dev.spool.api.Spool;
import dev.spool.api.SpoolException;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A Redis at {@code maxmemory} with {@code noeviction} refuses writes that grow memory. Enqueue then
 * fails with a clear message and stores nothing, but every call that frees or keeps memory (fetch,
 * renew, release, retry, ack, fail) still runs, so a full Redis drains instead of wedging; once
 * drained, enqueue works again.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class FullRedisTest {

    static final String PAYLOAD = "{\"pad\":\"" + "x".repeat(8_000) + "\"}";

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated().withConfig("maxmemory-policy", "noeviction");

    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void aFullRedisRefusesEnqueueClearlyAndStillDrains(String backend) {
        REDIS.flushAll();
        REDIS.command("CONFIG", "SET", "maxmemory", "0");
        String queue = "full-" + backend;
        try (Broker broker = Spool.connect(backend, REDIS.url())) {
            TaskQueue q = broker.queue(queue);
            q.enqueue(Task.of("warm-up", "{}")); // scripts loaded and the queue's keys made before the limit
            q.fetch(1, Duration.ZERO).forEach(q::ack);
            long used = usedMemory();
            REDIS.command("CONFIG", "SET", "maxmemory", String.valueOf(used + 3 * 1024 * 1024));

            List<String> accepted = new ArrayList<>();
            Throwable refused = null;
            for (int i = 0; i < 10_000 && refused == null; i++) {
                try {
                    accepted.add(q.enqueue(Task.of("fill", PAYLOAD)).taskId());
                } catch (SpoolException e) {
                    refused = e;
                }
            }
            assertThat(refused).as("enqueue into a full Redis").isNotNull();
            assertThat(accepted).as("tasks stored before Redis was full").hasSizeGreaterThan(50);
            assertThat(refused.getMessage()).contains(queue, "maxmemory", "nothing was stored");
            assertThat(broker.inspector().stats(queue).ready()).as("a refused enqueue stores nothing").isEqualTo(accepted.size());
            Throwable batch = catchThrowable(() -> q.enqueueAll(List.of(Task.of("fill", PAYLOAD), Task.of("fill", PAYLOAD))));
            assertThat(batch).isInstanceOf(SpoolException.class).hasMessageContaining("maxmemory");
            assertThat(broker.inspector().stats(queue).ready()).isEqualTo(accepted.size());

            // Still full: every settling call must run. Each round renews, releases, retries and fails
            // a few and acknowledges the rest, until nothing is left.
            Set<String> acked = new HashSet<>();
            Set<String> dead = new HashSet<>();
            int rounds = 0;
            while (acked.size() + dead.size() < accepted.size()) {
                assertThat(rounds++).as("rounds to drain a full Redis").isLessThan(1_000);
                List<Delivery> got = q.fetch(20, Duration.ofMillis(200));
                for (int i = 0; i < got.size(); i++) {
                    Delivery d = got.get(i);
                    assertThat(q.renew(d, Duration.ofSeconds(30))).as("renew at maxmemory").isTrue();
                    if (i == 0 && rounds % 3 == 0) {
                        assertThat(q.release(d)).as("release at maxmemory").isTrue();
                    } else if (i == 1 && rounds % 3 == 1) {
                        q.retry(d, Duration.ZERO, "again, at maxmemory");
                    } else if (i == 2 && rounds % 5 == 0) {
                        assertThat(q.fail(d, "dead at maxmemory")).as("fail at maxmemory").isTrue();
                        dead.add(d.id());
                    } else {
                        assertThat(q.ack(d)).as("ack at maxmemory").isTrue();
                        acked.add(d.id());
                    }
                }
            }
            QueueStats after = broker.inspector().stats(queue);
            assertThat(after.pending()).as("left after the drain").isZero();
            assertThat(after.dead()).isEqualTo(dead.size());
            assertThat(acked).doesNotContainAnyElementsOf(dead);
            Set<String> settled = new HashSet<>(acked);
            settled.addAll(dead);
            assertThat(settled).containsExactlyInAnyOrderElementsOf(accepted);

            assertThat(q.enqueue(Task.of("fill", PAYLOAD)).accepted()).as("enqueue once drained").isTrue();
            System.out.printf("full Redis, %s: %d tasks of 8 KB stored under maxmemory = used + 3 MiB, then enqueue refused;"
                    + " drained at maxmemory in %d rounds: %d acknowledged, %d dead-lettered (with renews, releases, retries)%n",
                    backend, accepted.size(), rounds, acked.size(), dead.size());
        } finally {
            REDIS.command("CONFIG", "SET", "maxmemory", "0");
        }
    }

    private static long usedMemory() {
        String info = String.valueOf(REDIS.command("INFO", "memory"));
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("no used_memory in INFO memory: " + info);
    }
}

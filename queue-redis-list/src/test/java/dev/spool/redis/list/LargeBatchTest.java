package dev.spool.redis.list;

import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch of large tasks is split into calls of bounded size (Redis refuses a query over 1 GB) and keeps its order. */
class LargeBatchTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    private static long scriptCalls() {
        Matcher m = Pattern.compile("cmdstat_evalsha:calls=(\\d+)").matcher((String) REDIS.command("INFO", "commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void aBatchOfLargeTasksIsSentInSeveralCallsAndKeepsItsOrder() {
        try (Broker broker = Spool.connect("redis-list", REDIS.url())) {
            TaskQueue q = broker.queue("large-" + System.nanoTime());
            String filler = "x".repeat((int) Task.maxPayloadBytes() - 20);
            List<Task> batch = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                batch.add(Task.of("big", "{\"i\":" + (100 + i) + ",\"f\":\"" + filler + "\"}"));
            }
            long before = scriptCalls();
            List<EnqueueResult> results = q.enqueueAll(batch);
            long calls = scriptCalls() - before;
            assertThat(results).hasSize(40).allMatch(EnqueueResult::accepted);
            assertThat(calls).as("enqueue calls for 40 MiB of tasks").isBetween(3L, 10L);
            List<String> order = new ArrayList<>();
            for (List<Delivery> got = q.fetch(8, Duration.ZERO); !got.isEmpty(); got = q.fetch(8, Duration.ZERO)) {
                got.forEach(d -> order.add(d.task().payload().substring(5, 8)));
                assertThat(q.ackAll(got)).isEqualTo(got.size());
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                expected.add(Integer.toString(100 + i));
            }
            assertThat(order).isEqualTo(expected);
        }
    }
}

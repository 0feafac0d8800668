package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.TestClock;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After 10,000 tasks (of every priority, some delayed, some unique, some retried, some released)
 * are acknowledged, the only keys left are the queue's fixed bookkeeping keys.
 */
class KeysLeftBehindTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    @Test
    void acknowledgedTasksLeaveNoKeyBehind() {
        TestClock clock = new TestClock();
        String queue = "keys";
        try (Broker broker = Spool.connect("redis-list", BackendConfig.builder(REDIS.url()).clock(clock).build())) {
            TaskQueue q = broker.queue(queue);
            for (int i = 0; i < 10_000; i += 500) {
                List<Task> batch = new ArrayList<>();
                for (int k = i; k < i + 500; k++) {
                    Task.Builder b = Task.builder("k").payload("{\"i\":" + k + "}").priority(k % 10).maxAttempts(3);
                    if (k % 7 == 0) {
                        b.runAt(clock.instant().plusSeconds(1));
                    }
                    if (k % 5 == 0) {
                        b.uniqueKey("u" + k);
                    }
                    batch.add(b.build());
                }
                assertThat(q.enqueueAll(batch)).allMatch(r -> r.accepted());
            }
            clock.advance(Duration.ofSeconds(2));
            Set<String> acked = new HashSet<>();
            Set<String> released = new HashSet<>();
            while (acked.size() < 10_000) {
                List<Delivery> got = q.fetch(250, Duration.ZERO);
                assertThat(got).as("deliveries after %d acks", acked.size()).isNotEmpty();
                List<Delivery> done = new ArrayList<>();
                for (Delivery d : got) {
                    int i = Integer.parseInt(d.task().payload().replaceAll("\\D", ""));
                    if (i % 11 == 0 && d.attempt() == 1) {
                        q.retry(d, Duration.ZERO, "once more");
                    } else if (i % 13 == 0 && released.add(d.id())) {
                        assertThat(q.release(d)).isTrue();
                    } else {
                        done.add(d);
                        acked.add(d.id());
                    }
                }
                assertThat(q.ackAll(done)).isEqualTo(done.size());
            }
            assertThat(broker.inspector().stats(queue).pending()).isZero();

            Set<String> keys = new HashSet<>();
            try (Jedis jedis = REDIS.jedis()) {
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<String> page = jedis.scan(cursor, new ScanParams().count(1000));
                    keys.addAll(page.getResult());
                    cursor = page.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            }
            Keys k = new Keys(queue);
            assertThat(keys).as("keys left after every task was acknowledged: only the queue set, the stats, the wake-up"
                    + " list, the enqueue memo and the event log (capped)")
                    .isSubsetOf(dev.spool.redis.core.KeyNames.NONE.queues(), k.prefix() + "stats", k.prefix() + "wake",
                            k.prefix() + "sent", k.prefix() + "events")
                    .contains(dev.spool.redis.core.KeyNames.NONE.queues(), k.prefix() + "stats");
        }
    }
}

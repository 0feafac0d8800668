package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.HistoryPoint;
import dev.spool.api.HistoryScale;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.TestClock;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The throughput history (history_ring.lua, shared with redis-stream) stays within its ring slots of the
 * stats hash however long a queue lives, and an ack adds two commands to the script, whatever the batch.
 */
class HistoryRingTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    @Test
    void aQueueNeverHoldsMoreThanItsSlotsWhateverItsAge() {
        TestClock clock = new TestClock();
        String queue = "history-ring";
        try (Broker broker = Spool.connect("redis-list", BackendConfig.builder(REDIS.url()).clock(clock).build())) {
            TaskQueue q = broker.queue(queue);
            // 61 minutes a step: every step a new minute slot and a new hour; 2,200 steps wrap both rings
            for (int i = 0; i < 2_200; i++) {
                clock.advance(Duration.ofMinutes(61));
                q.enqueue(Task.of("h", "{}"));
                assertThat(q.ackAll(q.fetch(1, Duration.ZERO))).isEqualTo(1);
            }
            Set<String> fields;
            try (Jedis jedis = REDIS.jedis()) {
                fields = jedis.hkeys(new Keys(queue).prefix() + "stats");
            }
            assertThat(fields.stream().filter(f -> f.startsWith("m:")).count()).isEqualTo(1440);
            assertThat(fields.stream().filter(f -> f.startsWith("h:")).count()).isEqualTo(720);
            assertThat(fields).hasSize(1440 + 720 + 1).contains("processed");
            List<HistoryPoint> hours = broker.inspector().history(queue, HistoryScale.HOURS);
            assertThat(hours.stream().mapToLong(HistoryPoint::processed).sum()).as("one ack every 61 minutes for 720 hours")
                    .isBetween(707L, 709L);
            List<HistoryPoint> minutes = broker.inspector().history(queue, HistoryScale.MINUTES);
            assertThat(minutes.stream().mapToLong(HistoryPoint::processed).sum()).isEqualTo(24);
            assertThat(minutes.get(1439).processed()).isEqualTo(1);
        }
    }

    @Test
    void anAckOfABatchAddsOneReadAndOneWriteOfTheHistory() {
        TestClock clock = new TestClock();
        try (Broker broker = Spool.connect("redis-list", BackendConfig.builder(REDIS.url()).clock(clock).build());
             Jedis jedis = REDIS.jedis()) {
            TaskQueue q = broker.queue("history-cost");
            for (int i = 0; i < 50; i++) {
                q.enqueue(Task.of("h", "{}"));
            }
            var got = q.fetch(50, Duration.ZERO);
            jedis.configResetStat();
            assertThat(q.ackAll(got)).isEqualTo(50);
            String stats = jedis.info("commandstats");
            assertThat(calls(stats, "hmget")).as("the lease records, the settings (events.lua), the history slots")
                    .isEqualTo(3);
            assertThat(calls(stats, "hset")).as("the history slots").isEqualTo(1);
            assertThat(calls(stats, "hincrby")).as("the processed total").isEqualTo(1);
        }
    }

    /** The calls of {@code command} in INFO commandstats (0 when it was not called). */
    private static long calls(String info, String command) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                return Long.parseLong(line.replaceAll("^cmdstat_[^:]+:calls=(\\d+),.*", "$1"));
            }
        }
        return 0;
    }
}

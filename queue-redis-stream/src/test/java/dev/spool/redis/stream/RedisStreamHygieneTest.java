package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After 10,000 tasks went through three brokers (some retried once, over several priorities) and
 * were acknowledged, the streams hold no entries, the PEL is empty, the consumer groups hold no
 * consumer, and no lease, delayed or unique key is left behind.
 */
class RedisStreamHygieneTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    private static final int TOTAL = 10_000;

    @Test
    void tenThousandAckedTasksLeaveNoEntriesAndNoConsumers() throws Exception {
        String queue = "hygiene-" + System.nanoTime();
        List<Broker> brokers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            brokers.add(Spool.connect("redis-stream", BackendConfig.of(REDIS.url())));
        }
        try {
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < TOTAL; i++) {
                Task.Builder b = Task.builder("h").payload("{\"i\":" + i + "}").priority(i % 4 * 3);
                if (i % 100 == 0) {
                    b.uniqueKey("u" + i);
                }
                tasks.add(b.build());
            }
            try (TaskQueue q = brokers.get(0).queue(queue)) {
                assertThat(q.enqueueAll(tasks)).allSatisfy(r -> assertThat(r.accepted()).isTrue());
            }
            AtomicInteger acked = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(brokers.size());
            try {
                List<Future<?>> jobs = new ArrayList<>();
                for (Broker b : brokers) {
                    jobs.add(pool.submit(() -> {
                        try (TaskQueue q = b.queue(queue)) {
                            while (acked.get() < TOTAL) {
                                List<Delivery> got = q.fetch(64, Duration.ofMillis(200));
                                List<Delivery> done = new ArrayList<>();
                                for (Delivery d : got) {
                                    if (d.attempt() == 1 && d.task().payload().hashCode() % 7 == 0) {
                                        q.retry(d, Duration.ZERO, "once more"); // a fresh entry, the old one must go
                                    } else {
                                        done.add(d);
                                    }
                                }
                                acked.addAndGet(q.ackAll(done));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> job : jobs) {
                    job.get(5, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(acked.get()).isEqualTo(TOTAL);
        } finally {
            brokers.forEach(Broker::close);
        }

        var redis = StreamProbe.of(REDIS);
        assertThat(StreamProbe.entries(redis, queue)).as("entries left in the streams").isZero();
        assertThat(StreamProbe.pending(redis, queue)).as("entries left in the PEL").isZero();
        assertThat(StreamProbe.consumers(redis, queue)).as("consumers left in the groups").isEmpty();
        List<String> left = StreamProbe.keys(redis, queue);
        assertThat(left).as("keys left")
                .allMatch(k -> k.matches("spool:\\{" + queue + "}:(stream:\\d|stats|wake|events|sent:.+)"),
                        "a stream, the stats, the wake stream, the event log (capped), or the memo of a recent enqueue call");
        assertThat(left).filteredOn(k -> k.contains("}:sent:")).as("enqueue memos, which expire by themselves")
                .allSatisfy(k -> assertThat(((Number) REDIS.command("PTTL", k)).longValue()).isPositive());
    }
}

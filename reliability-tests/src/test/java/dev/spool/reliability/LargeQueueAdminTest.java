package dev.spool.reliability;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.QueueStats;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Slowlog;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-queue administration on a large queue keeps Redis answering: a purge of
 * {@value #DEFAULT_TASKS} tasks (half of them holding unique keys, so each must be freed one by one)
 * runs in bounded script calls, while a second client PINGs without pause. Measured on the server
 * (SLOWLOG: the longest single command, with its duration in µs) and on the client (the longest a
 * PING waited). {@code -Dspool.purge.tasks=N} runs it on a larger queue, for the README's figures.
 */
@Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES) // a hang must fail, never block the build
class LargeQueueAdminTest {

    static final int DEFAULT_TASKS = 100_000;
    /** The longest one command may hold the server: the target is about 50 ms, with room for a loaded CI machine. */
    static final long MAX_COMMAND_MICROS = 100_000;

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated();

    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void aPurgeOfALargeQueueNeverHoldsRedisForLong(String backend) throws Exception {
        REDIS.flushAll();
        int tasks = Integer.getInteger("spool.purge.tasks", DEFAULT_TASKS);
        try (Broker broker = Spool.connect(backend, BackendConfig.builder(REDIS.url()).build());
             Jedis admin = REDIS.jedis()) {
            TaskQueue queue = broker.queue("big");
            long fillStart = System.nanoTime();
            List<Task> batch = new ArrayList<>(1_000);
            for (int i = 0; i < tasks; i++) {
                Task.Builder b = Task.builder("bulk").payload("{\"n\":" + i + "}");
                if (i % 2 == 0) {
                    b.uniqueKey("k-" + i);
                }
                batch.add(b.build());
                if (batch.size() == 1_000 || i == tasks - 1) {
                    queue.enqueueAll(batch);
                    batch.clear();
                }
            }
            double fillS = (System.nanoTime() - fillStart) / 1e9;
            assertThat(broker.inspector().stats("big").ready()).isEqualTo(tasks);
            long usedMemory = usedMemory(admin);

            admin.configSet("slowlog-log-slower-than", "1000"); // every command over 1 ms
            admin.configSet("slowlog-max-len", "1000000"); // all of them: the default keeps the last 128
            admin.slowlogReset();
            AtomicBoolean purging = new AtomicBoolean(true);
            AtomicLong longestPingNs = new AtomicLong();
            AtomicLong pings = new AtomicLong();
            Thread pinger = new Thread(() -> {
                try (Jedis j = REDIS.jedis()) {
                    while (purging.get()) {
                        long t = System.nanoTime();
                        j.ping();
                        longestPingNs.accumulateAndGet(System.nanoTime() - t, Math::max);
                        pings.incrementAndGet();
                    }
                }
            }, "pinger");
            pinger.start();
            long t0 = System.nanoTime();
            long purged = broker.inspector().purge("big");
            double purgeS = (System.nanoTime() - t0) / 1e9;
            purging.set(false);
            pinger.join();

            List<Slowlog> slow = admin.slowlogGet(1_000_000);
            Slowlog longest = slow.stream().max(java.util.Comparator.comparingLong(Slowlog::getExecutionTime)).orElse(null);
            long longestMicros = longest == null ? 0 : longest.getExecutionTime();
            QueueStats after = broker.inspector().stats("big");
            String report = String.format("=== purge of %,d tasks (half with unique keys), %s, Redis %s: %.1f s "
                            + "(filled in %.1f s, %,d bytes used); longest command %,d us (%s); longest PING wait %.1f ms "
                            + "over %,d PINGs; commands over 1 ms: %d%n", tasks, backend, REDIS.serverVersion(), purgeS, fillS,
                    usedMemory, longestMicros, longest == null ? "none over 1 ms" : String.join(" ", longest.getArgs().subList(0,
                            Math.min(2, longest.getArgs().size()))), longestPingNs.get() / 1e6, pings.get(), slow.size());
            System.out.print(report);
            Files.createDirectories(ChaosRun.reportDir());
            Files.writeString(ChaosRun.reportDir().resolve("purge-" + backend + ".txt"), report, StandardCharsets.UTF_8);

            assertThat(purged).as(report).isEqualTo(tasks);
            assertThat(after.ready() + after.delayed()).as(report).isZero();
            assertThat(admin.keys("spool:{big}:unique:*")).as("unique keys freed").isEmpty();
            assertThat(pings.get()).as("the PINGs answered during the purge").isPositive();
            assertThat(longestMicros).as("the longest single command during the purge, µs\n" + report)
                    .isLessThan(MAX_COMMAND_MICROS);
            admin.configSet("slowlog-log-slower-than", "10000");
            admin.configSet("slowlog-max-len", "128");
        }
    }

    private static long usedMemory(Jedis admin) {
        for (String line : admin.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        return -1;
    }
}

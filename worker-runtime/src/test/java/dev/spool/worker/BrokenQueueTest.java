package dev.spool.worker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.testkit.Eventually;
import dev.spool.testkit.redis.RedisServerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker serving two queues on a real Redis while one queue's key holds the wrong type, so that
 * every fetch of that queue fails (finding F7): the healthy queue keeps being served, the broken
 * queue rests on its own backoff with one warning per step, and once the key is repaired the broken
 * queue is served again.
 */
class BrokenQueueTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();
    static final Duration WAIT = Duration.ofSeconds(60);

    final Logger fetcherLog = (Logger) LoggerFactory.getLogger(Fetcher.class);
    final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void capture() {
        log.start();
        fetcherLog.addAppender(log);
    }

    @AfterEach
    void release() {
        fetcherLog.detachAppender(log);
    }

    List<String> lines(Level level, String containing) {
        List<String> out = new ArrayList<>();
        synchronized (log) { // appends hold the appender's lock
            for (ILoggingEvent e : log.list) {
                if (e.getLevel() == level && e.getFormattedMessage().contains(containing)) {
                    out.add(e.getFormattedMessage());
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void aBrokenQueueRestsAloneWhileTheOtherIsServedAndRecoversOnceRepaired(String backend) {
        String broken = "wb-broken-" + backend;
        String healthy = "wb-healthy-" + backend;
        String key = backend.equals("redis-list") ? "spool:{" + broken + "}:ready:0" : "spool:{" + broken + "}:stream:0";
        Set<String> handled = ConcurrentHashMap.newKeySet();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Broker broker = Spool.connect(backend, BackendConfig.builder(REDIS.url()).build());
             Worker worker = Worker.builder(broker).queues(broken, healthy) // strict order: the broken queue first
                     .discoverHandlers(false).concurrency(2).grace(Duration.ofSeconds(1)).meterRegistry(meters)
                     .heartbeat(Duration.ofMillis(300))
                     .handler(Handlers.json("job", (p, ctx) -> handled.add(p.getAsJsonObject().get("n").getAsString())))
                     .build()) {
            broker.queue(broken).enqueue(Task.of("job", "{\"n\":\"before\"}"));
            worker.start();
            Eventually.until(WAIT, "the broken queue's first task handled", () -> handled.contains("before"));

            REDIS.command("DEL", key);
            REDIS.command("SET", key, "garbage");
            long brokenAt = System.nanoTime();
            Eventually.until(WAIT, "a warning about the broken queue",
                    () -> !lines(Level.WARN, "queue '" + broken + "'").isEmpty());
            for (int i = 0; i < 5; i++) {
                String n = "healthy-" + i;
                broker.queue(healthy).enqueue(Task.of("job", "{\"n\":\"" + n + "\"}"));
                Eventually.until(WAIT, () -> n + " handled while " + key + " is broken; log " + lines(Level.WARN, ""),
                        () -> handled.contains(n));
            }
            // the heartbeat refreshes the healthy queue's depth gauges although the broken queue's stats may fail
            broker.queue(healthy).enqueue(Task.builder("job").payload("{\"n\":\"later\"}").delay(Duration.ofHours(1)).build());
            Eventually.until(WAIT, "the healthy queue's delayed gauge at 1", () -> meters.find("spool.queue.depth")
                    .tag("queue", healthy).tag("state", "delayed").gauge() != null && meters.get("spool.queue.depth")
                    .tag("queue", healthy).tag("state", "delayed").gauge().value() == 1.0);
            List<String> warnings = lines(Level.WARN, "");
            double brokenSeconds = (System.nanoTime() - brokenAt) / 1e9; // read after the warnings: a bound for them
            assertThat(worker.snapshot().running()).isTrue();

            assertThat(warnings).allSatisfy(w -> assertThat(w)
                    .contains("fetching from queue '" + broken + "' failed: ")
                    .contains("failed: " + backend + ": ")
                    .contains("; trying that queue again in ")
                    .contains("the other queues go on")
                    .doesNotContain(healthy));
            // Once per backoff step: failures come after rests of at least 1, 2, 4, ... s, so within t
            // seconds there are at most 1 + floor(log2(t + 1)) of them (a spinning loop logs hundreds).
            int bound = 1 + (int) Math.floor(Math.log(brokenSeconds + 1) / Math.log(2));
            assertThat(warnings).as("warnings in %.1f s", brokenSeconds).hasSizeBetween(1, bound);
            assertThat(warnings.get(0)).containsPattern("again in 1\\d\\d\\d ms"); // 1 s + jitter (doubling: QueueBackoffTest)

            assertThat(meters.get("spool.fetch.failures").tag("queue", broken).counter().count())
                    .isGreaterThanOrEqualTo(warnings.size());
            assertThat(meters.find("spool.fetch.failures").tag("queue", healthy).counter()).isNull();

            REDIS.command("DEL", key);
            broker.queue(broken).enqueue(Task.of("job", "{\"n\":\"repaired\"}"));
            Eventually.until(WAIT, () -> "the repaired queue's task handled; log " + lines(Level.WARN, ""),
                    () -> handled.contains("repaired"));
            Eventually.until(WAIT, "the recovery logged",
                    () -> !lines(Level.INFO, "queue '" + broken + "' answers again; fetching from it resumed").isEmpty());
            broker.queue(healthy).enqueue(Task.of("job", "{\"n\":\"healthy-after\"}"));
            Eventually.until(WAIT, "the healthy queue still served", () -> handled.contains("healthy-after"));
            Eventually.until(WAIT, () -> "every task acknowledged: " + broker.inspector().stats(broken) + " "
                    + broker.inspector().stats(healthy), () -> broker.inspector().stats(broken).pending() == 0
                    && broker.inspector().stats(healthy).pending() == 1); // the ack follows the handler's return
            assertThat(broker.inspector().stats(healthy).delayed()).isEqualTo(1); // "later"
        }
    }
}

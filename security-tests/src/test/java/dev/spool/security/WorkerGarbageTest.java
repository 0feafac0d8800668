package dev.spool.security;

import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.testkit.redis.RedisServerExtension;
import dev.spool.worker.Worker;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running worker serving two queues while one queue's key holds garbage (the wrong Redis type):
 * the worker does not crash or spin, the healthy queue keeps flowing, and once the key is repaired
 * the broken queue's new tasks are processed too.
 */
class WorkerGarbageTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void aBrokenQueueDoesNotStopTheWorkerOrTheOtherQueue(String backend) throws Exception {
        String broken = "wg-broken-" + backend;
        String healthy = "wg-healthy-" + backend;
        String key = backend.equals("redis-list") ? "spool:{" + broken + "}:ready:0" : "spool:{" + broken + "}:stream:0";
        Handlers.MailHandler mail = new Handlers.MailHandler();
        try (Broker broker = Spool.connect(backend, REDIS.url());
             Worker w = Worker.builder(broker).queues(broken, healthy).handler(mail).discoverHandlers(false)
                     .concurrency(2).grace(Duration.ofSeconds(1)).build()) {
            broker.queue(broken).enqueue(Task.of("mail", "{\"to\":\"first\",\"count\":1}"));
            w.start();
            await(mail, "first", Duration.ofSeconds(20));
            REDIS.command("DEL", key);
            REDIS.command("SET", key, "garbage");
            String h = broker.queue(healthy).enqueue(Task.of("mail", "{\"to\":\"healthy\",\"count\":2}")).taskId();
            await(mail, "healthy", Duration.ofSeconds(30));
            assertThat(w.snapshot().running()).isTrue();
            REDIS.command("DEL", key);
            broker.queue(broken).enqueue(Task.of("mail", "{\"to\":\"repaired\",\"count\":3}"));
            await(mail, "repaired", Duration.ofSeconds(60));
            assertThat(mail.seen).anyMatch(s -> s.startsWith(h));
        }
    }

    static void await(Handlers.MailHandler mail, String to, Duration max) throws InterruptedException {
        Instant end = Instant.now().plus(max);
        while (Instant.now().isBefore(end)) {
            if (mail.seen.stream().anyMatch(s -> s.contains("to=" + to + ","))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("task to=" + to + " was not handled within " + max + "; handled: " + mail.seen);
    }
}

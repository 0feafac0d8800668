package dev.spool.security;

import dev.spool.api.Broker;
import dev.spool.api.DeadLetter;
import dev.spool.api.RetryPolicy;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.testkit.redis.RedisServerExtension;
import dev.spool.worker.Worker;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input a worker meets where the behaviour fell short of the house rule (findings F1 and F2, now
 * fixed and guarded here) ("a clear error that
 * names the queue, the task id, the field and the fix"; "a stored task that cannot be decoded is
 * dead-lettered with the reason"). Each test states the rule; see the requests file for the evidence.
 */
class WorkerFindingsTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    /** A payload of the wrong shape: the dead letter must name the JSON path of the field that did not fit. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void aMistypedFieldIsNamedInTheDeadLetter(String backend) throws Exception {
        String q = "find-path-" + backend;
        try (Broker broker = Spool.connect(backend, REDIS.url());
             Worker w = worker(broker, q, new Handlers.MailHandler())) {
            w.start();
            String id = broker.queue(q).enqueue(Task.of("mail", "{\"to\":\"ada\",\"count\":\"many\"}")).taskId();
            DeadLetter d = awaitDead(broker, q, id);
            assertThat(d.error()).contains("task " + id).contains("'mail'").contains("count");
            BadInputTable.record("worker, " + backend, "payload `{\"to\":\"ada\",\"count\":\"many\"}` for record Mail(String to, int count): the field is named",
                    "dead letter (finding F1, fixed)", d.error());
        }
    }

    /**
     * Bytes that are not UTF-8, written into Redis as a task's payload: the task cannot be decoded as
     * text, so it must be dead-lettered with a reason saying so, not delivered with the bytes silently
     * replaced by U+FFFD (the handler would then work on data nobody sent).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void invalidUtf8WrittenIntoRedisIsDeadLetteredNotDeliveredMangled(String backend) throws Exception {
        String q = "find-utf8-" + backend;
        Handlers.TextHandler text = new Handlers.TextHandler();
        try (Broker broker = Spool.connect(backend, REDIS.url());
             Worker w = worker(broker, q, text)) {
            w.start();
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            raw.writeBytes("{\"id\":\"bad-utf8\",\"t\":\"text\",\"ca\":1732450000000}\n\"caf".getBytes(StandardCharsets.UTF_8));
            raw.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}); // not UTF-8
            raw.writeBytes("\"".getBytes(StandardCharsets.UTF_8));
            RawRedis.storeReady(REDIS, backend, q, raw.toByteArray());
            String good = broker.queue(q).enqueue(Task.of("text", "\"after\"")).taskId();
            Instant end = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(end) && text.seen.stream().noneMatch(s -> s.startsWith(good))) {
                Thread.sleep(50);
            }
            assertThat(text.seen).anyMatch(s -> s.startsWith(good + " "));
            assertThat(text.seen).as("the handler must not get a payload with U+FFFD standing in for bytes nobody sent")
                    .noneMatch(s -> s.startsWith("bad-utf8 "));
            Optional<DeadLetter> d = broker.inspector().deadLetters(q, 0, 10).stream()
                    .filter(x -> x.id().equals("bad-utf8")).findFirst();
            assertThat(d).as("dead letter for the task with invalid UTF-8; handler saw %s", text.seen).isPresent();
            assertThat(d.get().error()).containsIgnoringCase("UTF-8");
            BadInputTable.record("worker, " + backend, "invalid UTF-8 bytes (C3 28 FF) written into a stored payload in Redis",
                    "dead letter, handler not called (finding F2, fixed)", d.get().error());
        }
    }

    static Worker worker(Broker broker, String q, dev.spool.api.TaskHandler<?> h) {
        return Worker.builder(broker).queues(q).handler(h).discoverHandlers(false).concurrency(1)
                .retryPolicy(RetryPolicy.defaults().withInitialDelay(Duration.ofMillis(50)).withMaxAttempts(2))
                .grace(Duration.ofSeconds(1)).build();
    }

    static DeadLetter awaitDead(Broker broker, String q, String id) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(end)) {
            Optional<DeadLetter> d = broker.inspector().deadLetters(q, 0, 100).stream().filter(x -> x.id().equals(id)).findFirst();
            if (d.isPresent()) {
                return d.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no dead letter " + id + " on " + q);
    }
}

package dev.spool.security;

import dev.spool.api.Broker;
import dev.spool.api.DeadLetter;
import dev.spool.api.RetryPolicy;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.spi.TaskCodec;
import dev.spool.testkit.redis.RedisServerExtension;
import dev.spool.worker.Worker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input that reaches a running worker, on both Redis backends: a payload of the wrong shape for
 * its handler, a type no handler knows, and data written straight into Redis that is not a task
 * (garbage, a truncated entry, a JSON bomb, an oversized payload, invalid UTF-8). Each becomes a dead
 * letter whose reason names the task and the problem, the worker stays up, and the next good task
 * is processed.
 */
class WorkerBadInputTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    static final List<String> BACKENDS = List.of("redis-list", "redis-stream");
    static final Map<String, Broker> BROKERS = new HashMap<>();
    static final Map<String, Worker> WORKERS = new HashMap<>();
    static final Map<String, Handlers.MailHandler> MAIL = new HashMap<>();
    static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * One row: how the bad input gets in (returns the task id to look for, or null to look by raw
     * data), a marker found in the dead letter's raw data when there is no id, and the fragments of
     * the reason.
     */
    record Row(String input, Setup setup, String rawMarker, List<String> fragments) {
        @Override
        public String toString() {
            return input;
        }
    }

    interface Setup {
        String apply(String backend, Broker broker, String queue);
    }

    static Row row(String input, Setup setup, String rawMarker, String... fragments) {
        return new Row(input, setup, rawMarker, List.of(fragments));
    }

    static String stored(String id, String type, String payload) {
        return "{\"id\":\"" + id + "\",\"t\":\"" + type + "\",\"ca\":1732450000000}\n" + payload;
    }

    static Setup raw(String data) {
        return (b, broker, q) -> {
            RawRedis.storeReady(REDIS, b, q, data);
            return TaskCodec.peekId(data);
        };
    }

    static List<Row> rows() {
        return List.of(
                row("payload `{\"to\":\"ada\",\"count\":\"many\"}` for a handler of record Mail(String to, int count)",
                        (b, broker, q) -> broker.queue(q).enqueue(Task.of("mail", "{\"to\":\"ada\",\"count\":\"many\"}")).taskId(), null,
                        "of type 'mail': payload does not fit Mail:", "\"many\"", "send a payload of the handler's shape"),
                row("payload `[1,2]` (an array) for the Mail handler",
                        (b, broker, q) -> broker.queue(q).enqueue(Task.of("mail", "[1,2]")).taskId(), null,
                        "of type 'mail': payload does not fit Mail:", "Expected BEGIN_OBJECT but was BEGIN_ARRAY"),
                row("payload `\"text\"` (a string) for the Mail handler",
                        (b, broker, q) -> broker.queue(q).enqueue(Task.of("mail", "\"text\"")).taskId(), null,
                        "payload does not fit Mail:", "Expected BEGIN_OBJECT but was STRING"),
                row("type `no_such_type` (no handler)",
                        (b, broker, q) -> broker.queue(q).enqueue(Task.of("no_such_type", "{}")).taskId(), null,
                        "no handler for task type 'no_such_type' on this worker", "deploy a handler JAR for this type"),
                row("type `java.lang.ProcessBuilder` (a class name: the type selects a handler, it is never loaded)",
                        (b, broker, q) -> broker.queue(q).enqueue(Task.of("java.lang.ProcessBuilder", "{\"command\":[\"touch\",\"/tmp/spool-pwned\"]}")).taskId(), null,
                        "no handler for task type 'java.lang.ProcessBuilder' on this worker"),
                row("garbage `hello, world` in the ready structure", raw("hello, world"), "hello, world",
                        "stored data is not a Spool task (expected a JSON header line, then the payload): \"hello, world\""),
                row("an empty string in the ready structure", raw(""), "",
                        "stored data is not a Spool task"),
                row("a stored task truncated inside its header", raw("{\"id\":\"trunc-head\",\"t\":\"ma"), "trunc-head",
                        "stored data is not a Spool task"),
                row("a stored task truncated inside its payload", raw(stored("trunc-body", "mail", "{\"to\":\"ad")), null,
                        "stored task trunc-body of type 'mail' is invalid: task field 'payload'", "is not valid JSON: has a string that is not closed"),
                row("a stored header with maxAttempts `\"lots\"`", raw("{\"id\":\"bad-ma\",\"t\":\"mail\",\"ma\":\"lots\"}\n{}"), null,
                        "stored task header is malformed", "\"lots\""),
                row("a stored JSON bomb (100,000 nested `[`) written into Redis", raw(stored("bomb-raw", "mail",
                                "[".repeat(100_000) + "]".repeat(100_000))), null,
                        "stored task bomb-raw of type 'mail' is invalid:", "is nested deeper than 64 levels"),
                row("a stored payload of 2 MB written into Redis", raw(stored("big-raw", "mail", "\"" + "x".repeat(2_000_000) + "\"")), null,
                        "stored task big-raw of type 'mail' is invalid:", "over the limit of 1048576 bytes"));
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Row r : rows()) {
            for (String b : BACKENDS) {
                out.add(Arguments.of(b, r));
            }
        }
        return out.stream();
    }

    static String queue(String backend) {
        return "wbad-" + backend;
    }

    @BeforeAll
    static void start() {
        for (String b : BACKENDS) {
            Broker broker = Spool.connect(b, REDIS.url());
            BROKERS.put(b, broker);
            Handlers.MailHandler mail = new Handlers.MailHandler();
            MAIL.put(b, mail);
            Worker w = Worker.builder(broker).queues(queue(b)).handler(mail).discoverHandlers(false).concurrency(2)
                    .retryPolicy(RetryPolicy.defaults().withInitialDelay(Duration.ofMillis(50)).withMaxAttempts(2))
                    .lease(Duration.ofSeconds(10)).grace(Duration.ofSeconds(2)).build();
            WORKERS.put(b, w);
            w.start();
        }
    }

    @AfterAll
    static void stop() {
        WORKERS.values().forEach(Worker::close);
        BROKERS.values().forEach(Broker::close);
        WORKERS.clear();
        BROKERS.clear();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void deadLetteredWithItsReasonAndTheWorkerCarriesOn(String backend, Row row) {
        Broker broker = BROKERS.get(backend);
        String q = queue(backend);
        String id = row.setup().apply(backend, broker, q);
        Predicate<DeadLetter> match = id != null && row.rawMarker() == null ? d -> d.id().equals(id)
                : d -> d.raw() != null && d.raw().contains(row.rawMarker()) && (row.rawMarker().length() > 0 || d.raw().isEmpty());
        DeadLetter dead = awaitDead(broker, q, match);
        for (String f : row.fragments()) {
            assertThat(dead.error()).as("dead letter reason on %s", backend).contains(f);
        }
        if (id != null && row.rawMarker() == null && dead.task() != null) {
            assertThat(dead.error()).contains(id);
        }
        assertThat(WORKERS.get(backend).snapshot().running()).isTrue();
        String good = broker.queue(q).enqueue(Task.of("mail", "{\"to\":\"ok\",\"count\":1}")).taskId();
        awaitHandled(backend, good);
        BadInputTable.record("worker, " + backend, row.input(), "dead letter"
                + (dead.task() == null ? " (task=null, raw kept)" : " (task kept)") + "; next task handled", dead.error());
    }

    static DeadLetter awaitDead(Broker broker, String q, Predicate<DeadLetter> match) {
        Instant end = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(end)) {
            Optional<DeadLetter> d = broker.inspector().deadLetters(q, 0, 1000).stream().filter(match).findFirst();
            if (d.isPresent()) {
                return d.get();
            }
            sleep(50);
        }
        throw new AssertionError("no matching dead letter on " + q + " within " + WAIT + "; dead letters: "
                + broker.inspector().deadLetters(q, 0, 20) + "; stats " + broker.inspector().stats(q));
    }

    static void awaitHandled(String backend, String id) {
        Instant end = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(end)) {
            if (MAIL.get(backend).seen.stream().anyMatch(s -> s.startsWith(id + " "))) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("good task " + id + " was not handled on " + backend + " within " + WAIT
                + "; worker " + WORKERS.get(backend).snapshot());
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

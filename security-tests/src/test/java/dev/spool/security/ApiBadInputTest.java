package dev.spool.security;

import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.QueueSettings;
import dev.spool.api.RateLimit;
import dev.spool.api.Schedule;
import dev.spool.api.Spool;
import dev.spool.api.SpoolException;
import dev.spool.api.Task;
import dev.spool.api.TaskState;
import dev.spool.api.TypeLimit;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Bad input through the Java API, on both Redis backends: each row builds a task (or names a queue)
 * and enqueues it on a real Redis; the user sees an {@link InvalidTaskException} naming the field and
 * the fix, the same text on both backends, nothing is stored, and a good task enqueued before still
 * flows afterwards.
 */
class ApiBadInputTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    static final List<String> BACKENDS = List.of("redis-list", "redis-stream");
    static final String QUEUE = "api-bad";
    static final Map<String, Broker> BROKERS = new LinkedHashMap<>();

    /** One row: what the user writes, the field named, and fragments of the message. */
    record Row(String input, Function<TaskQueue, Object> action, String field, List<String> fragments) {
        @Override
        public String toString() {
            return input;
        }
    }

    static Row row(String input, Function<TaskQueue, Object> action, String field, String... fragments) {
        return new Row(input, action, field, List.of(fragments));
    }

    static Function<TaskQueue, Object> enqueue(java.util.function.Supplier<Task> task) {
        return q -> q.enqueue(task.get());
    }

    static String repeat(String s, int n) {
        return s.repeat(n);
    }

    static Stream<Row> rows() {
        return Stream.of(
                row("payload `{\"to\":` (malformed JSON, cut short)", enqueue(() -> Task.of("send_mail", "{\"to\":")), "payload",
                        "task field 'payload' of type 'send_mail'", "is not valid JSON: ends early; expected a JSON value", "send one well-formed JSON value"),
                row("payload `{'to':1}` (single quotes)", enqueue(() -> Task.of("send_mail", "{'to':1}")), "payload",
                        "task field 'payload'", "expected a member name in double quotes (at character 1)"),
                row("payload `{} {}` (two JSON values)", enqueue(() -> Task.of("send_mail", "{} {}")), "payload",
                        "unexpected '{' after the JSON value (at character 3)"),
                row("payload `` (empty)", enqueue(() -> Task.of("send_mail", "")), "payload",
                        "task field 'payload' of type 'send_mail' is empty; send a JSON value such as {} or null"),
                row("payload `{\"a\":NaN}`", enqueue(() -> Task.of("send_mail", "{\"a\":NaN}")), "payload",
                        "is not valid JSON: unexpected 'N' where a JSON value should start"),
                row("JSON bomb: 100,000 nested `[`", enqueue(() -> Task.of("bomb", repeat("[", 100_000) + repeat("]", 100_000))), "payload",
                        "task field 'payload' of type 'bomb' is nested deeper than 64 levels (at character 64)"),
                row("payload of 1 MiB + 1 byte", enqueue(() -> Task.of("big", "\"" + repeat("x", (int) Task.maxPayloadBytes() - 1) + "\"")), "payload",
                        "task field 'payload' of type 'big' is 1048577 characters, over the limit of 1048576 bytes",
                        "store large data elsewhere and pass a reference, or raise -Dspool.maxPayloadBytes"),
                row("payload of 600,000 `é` (1.2 MB in UTF-8, 0.6 M chars)", enqueue(() -> Task.of("big", "\"" + repeat("é", 600_000) + "\"")), "payload",
                        "over the limit of 1048576 bytes in UTF-8"),
                row("payload with a lone UTF-16 surrogate `\"\\uD800\"` (invalid Unicode)", enqueue(() -> Task.of("t", "\"\uD800\"")), "payload",
                        "has an unpaired UTF-16 surrogate (invalid Unicode)"),
                row("payload with a raw control character", enqueue(() -> Task.of("t", "\"a\u0001b\"")), "payload",
                        "has an unescaped control character (U+0001) in a string"),
                row("payload null (Java null)", enqueue(() -> Task.builder("t").payload(null).build()), "payload",
                        "task field 'payload' of type 't' is null; send a JSON value such as {} or null"),
                row("type `` (empty)", enqueue(() -> Task.of("", "{}")), "type",
                        "task field 'type' is empty; give 1 to 128 characters of letters, digits and _ . : -"),
                row("type null", enqueue(() -> Task.of(null, "{}")), "type", "task field 'type' is null"),
                row("type of 129 characters", enqueue(() -> Task.of(repeat("t", 129), "{}")), "type",
                        "task field 'type' is 129 characters long; shorten it to at most 128"),
                row("type `send mail` (a space)", enqueue(() -> Task.of("send mail", "{}")), "type",
                        "task field 'type': 'send mail' has a character outside [A-Za-z0-9_.:-] (U+0020 at index 4)"),
                row("type `ümlaut`", enqueue(() -> Task.of("ümlaut", "{}")), "type", "has a character outside", "('ü' at index 0)"),
                row("id `../etc/passwd`", enqueue(() -> Task.builder("t").id("../etc/passwd").build()), "id",
                        "task field 'id': '../etc/passwd' has a character outside", "('/' at index 2)"),
                row("negative delay (-5 s)", enqueue(() -> Task.builder("t").delay(Duration.ofSeconds(-5)).build()), "runAt",
                        "task field 'runAt': the delay PT-5S is negative; use Duration.ZERO (or no delay) to run as soon as possible"),
                row("maxAttempts 0", enqueue(() -> Task.builder("t").maxAttempts(0).build()), "maxAttempts",
                        "task field 'maxAttempts' is 0; use 1 (no retries) to 1000"),
                row("maxAttempts -3", enqueue(() -> Task.builder("t").maxAttempts(-3).build()), "maxAttempts",
                        "task field 'maxAttempts' is -3; use 1 (no retries) to 1000"),
                row("maxAttempts 1001", enqueue(() -> Task.builder("t").maxAttempts(1001).build()), "maxAttempts",
                        "task field 'maxAttempts' is 1001"),
                row("priority 10", enqueue(() -> Task.builder("t").priority(10).build()), "priority",
                        "task field 'priority' is 10; use 0 (lowest, the default) to 9 (highest)"),
                row("priority -1", enqueue(() -> Task.builder("t").priority(-1).build()), "priority", "task field 'priority' is -1"),
                row("timeout -1 s", enqueue(() -> Task.builder("t").timeout(Duration.ofSeconds(-1)).build()), "timeout",
                        "task field 'timeout' is PT-1S; use a positive duration"),
                row("33 headers", enqueue(() -> Task.builder("t").headers(headers(33, 1)).build()), "headers",
                        "task field 'headers' has 33 entries; keep at most 32 (put bulk data in the payload)"),
                row("header value of 4097 characters", enqueue(() -> Task.builder("t").header("h", repeat("v", 4097)).build()), "headers",
                        "task field 'headers': the value of 'h' is 4097 characters; keep header values under 4096"),
                row("header name `x y`", enqueue(() -> Task.builder("t").header("x y", "1").build()), "headers",
                        "task field 'headers': the name 'x y' must match [A-Za-z0-9_.-]{1,64}; rename the header"),
                row("header value with a lone surrogate", enqueue(() -> Task.builder("t").header("h", "\uDC00").build()), "headers",
                        "has invalid Unicode (an unpaired UTF-16 surrogate)"),
                row("uniqueKey of 257 characters", enqueue(() -> Task.builder("t").uniqueKey(repeat("k", 257)).build()), "uniqueKey",
                        "task field 'uniqueKey' must be 1 to 256 characters with no control characters; got 257 characters"),
                row("uniqueKey `` (empty)", enqueue(() -> Task.builder("t").uniqueKey("").build()), "uniqueKey",
                        "task field 'uniqueKey' must be 1 to 256 characters"),
                row("uniqueFor without uniqueKey", enqueue(() -> Task.builder("t").uniqueFor(Duration.ofHours(1)).build()), "uniqueFor",
                        "task field 'uniqueFor' is set but 'uniqueKey' is not; set a unique key too, or drop uniqueFor"),
                row("expiresIn -1 s", enqueue(() -> Task.builder("t").expiresIn(Duration.ofSeconds(-1)).build()), "expiresAt",
                        "task field 'expiresAt': expiresIn PT-1S is not positive"),
                row("dropExpired without a deadline", enqueue(() -> Task.builder("t").dropExpired(true).build()), "dropExpired",
                        "task field 'dropExpired' is set but 'expiresAt' is not"),
                row("schedule cron `0 0 25 * * *` (hour 25)", q -> schedule(b -> b.cron("0 0 25 * * *")), "cron",
                        "cron expression '0 0 25 * * *' is invalid (", "'0 30 2 * * *'"),
                row("schedule cron `0 0 0 30 2 *` (30 February)", q -> schedule(b -> b.cron("0 0 0 30 2 *")), "cron",
                        "never fires from now on"),
                row("schedule zone `Mars/Olympus`", q -> schedule(b -> b.cron("0 0 * * * *").zone("Mars/Olympus")), "zone",
                        "the time zone 'Mars/Olympus' is not known", "Europe/Berlin"),
                row("schedule interval 500 ms", q -> schedule(b -> b.every(Duration.ofMillis(500))), "every",
                        "use at least 1s"),
                row("schedule with neither cron nor interval", q -> schedule(b -> b), "cron", "needs exactly one of"),
                row("schedule template with a unique key", q -> schedule(b -> b.every(Duration.ofHours(1))
                        .task(Task.builder("t").uniqueKey("k").build())), "task", "has a unique key; leave it unset"),
                row("schedule name `nightly report` (a space)", q -> Schedule.builder("nightly report").queue("q")
                        .task(Task.of("t", "{}")).every(Duration.ofHours(1)).build(), "name", "schedule name 'nightly report' must be"),
                row("rate limit `fast`", q -> RateLimit.parse("fast"), "rate", "is not <count>/<period>", "100/1s"),
                row("rate limit `0/1s`", q -> RateLimit.parse("0/1s"), "rate", "rate limit count is 0; use 1 to 100000"),
                row("concurrency limit -1", q -> QueueSettings.DEFAULTS.withConcurrency(-1), "concurrency",
                        "queue setting 'concurrency' is -1"),
                row("type limit with neither rate nor concurrency", q -> new TypeLimit(null, 0), "typeLimit",
                        "needs a rate, a concurrency or both", "withTypeLimit(type, null)"),
                row("type limit on type `bad type`", q -> QueueSettings.DEFAULTS.withTypeLimit("bad type", new TypeLimit(null, 1)),
                        "type", "'bad type' has a character outside"),
                row("type concurrency limit -1", q -> new TypeLimit(null, -1), "concurrency", "type concurrency limit is -1"),
                row("limits on 101 types of one queue", q -> manyTypeLimits(101), "typeLimits",
                        "at most 100 types can have limits of their own"),
                row("page of succeeded tasks", q -> null, "state", "state SUCCEEDED cannot be listed", "found by its id"),
                row("page of 5,000 tasks", q -> null, "limit", "limit 5000 is out of range; give 1 to 1000"),
                row("history without a scale", q -> null, "scale", "the scale is null", "HistoryScale.MINUTES"),
                row("run now of task id `../etc/passwd`", q -> null, "id", "task field 'id': '../etc/passwd' has a character outside"),
                row("delete of task id `` (empty)", q -> null, "id", "task field 'id' is empty"),
                row("queue `bad queue`", q -> null, "queue",
                        "queue name 'bad queue' has ' ' at index 3; use letters, digits and _ . : - only"),
                row("queue of 65 characters", q -> null, "queue", "must be 1 to 64 characters of letters, digits and _ . : -"),
                row("queue `` (empty)", q -> null, "queue", "queue name '' must be 1 to 64 characters"));
    }

    /** Queue settings with a concurrency limit of 1 on each of n types. */
    static QueueSettings manyTypeLimits(int n) {
        Map<String, TypeLimit> limits = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            limits.put("t" + i, new TypeLimit(null, 1));
        }
        return new QueueSettings(QueueSettings.DEFAULT_EVENTS_KEPT, null, null, 0, limits);
    }

    /** A schedule of {@code Task.of("t", "{}")} on queue q, shaped by {@code shape}, built (and so checked). */
    static Schedule schedule(java.util.function.UnaryOperator<Schedule.Builder> shape) {
        return shape.apply(Schedule.builder("nightly").queue("q").task(Task.of("t", "{}"))).build();
    }

    static Map<String, String> headers(int n, int size) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            h.put("h" + i, "v".repeat(size));
        }
        return h;
    }

    @BeforeAll
    static void open() {
        for (String b : BACKENDS) {
            Broker broker = Spool.connect(b, REDIS.url());
            BROKERS.put(b, broker);
            broker.queue(QUEUE).enqueue(Task.builder("sentinel").id("sentinel-" + b).build());
        }
    }

    @AfterAll
    static void close() {
        BROKERS.values().forEach(Broker::close);
        BROKERS.clear();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void refusedWithTheSameClearMessageOnEveryBackend(Row row) {
        String first = null;
        for (String b : BACKENDS) {
            Broker broker = BROKERS.get(b);
            Throwable t = catchThrowable(() -> act(broker, row));
            assertThat(t).as("%s on %s", row.input(), b).isInstanceOf(InvalidTaskException.class);
            InvalidTaskException e = (InvalidTaskException) t;
            assertThat(e.field()).isEqualTo(row.field());
            for (String f : row.fragments()) {
                assertThat(e.getMessage()).as("message on %s", b).contains(f);
            }
            assertThat(e.getMessage().length()).as("a message, not a dump").isLessThan(600);
            if (first == null) {
                first = e.getMessage();
            } else {
                assertThat(e.getMessage()).as("same message on every backend").isEqualTo(first);
            }
            assertThat(broker.inspector().stats(QUEUE).ready()).as("nothing stored on %s", b).isEqualTo(1);
        }
        BadInputTable.record("Java API, " + String.join(" and ", BACKENDS), row.input(),
                "InvalidTaskException(field=" + row.field() + ")", first);
    }

    private static Object act(Broker broker, Row row) {
        if (row.field().equals("queue")) {
            String name = row.input().startsWith("queue `bad") ? "bad queue"
                    : row.input().startsWith("queue of 65") ? "q".repeat(65) : "";
            return broker.queue(name).enqueue(Task.of("t", "{}"));
        }
        if (row.input().startsWith("page of")) { // the inspector's, not the queue's
            return row.field().equals("state") ? broker.inspector().tasks(QUEUE, TaskState.SUCCEEDED, 0, 10)
                    : broker.inspector().tasks(QUEUE, TaskState.READY, 0, 5_000);
        }
        if (row.input().startsWith("history")) {
            return broker.inspector().history(QUEUE, null);
        }
        if (row.input().startsWith("run now")) {
            return broker.inspector().runNow(QUEUE, "../etc/passwd");
        }
        if (row.input().startsWith("delete of")) {
            return broker.inspector().delete(QUEUE, "");
        }
        return row.action().apply(broker.queue(QUEUE));
    }

    @Test
    void theGoodTaskEnqueuedBeforeTheBadOnesStillFlows() {
        for (String b : BACKENDS) {
            TaskQueue q = BROKERS.get(b).queue(QUEUE);
            for (int i = 0; i < 3; i++) {
                Throwable t = catchThrowable(() -> q.enqueue(Task.of("bomb", "[".repeat(50_000))));
                assertThat(t).isInstanceOf(SpoolException.class);
            }
            List<Delivery> got = q.fetch(10, Duration.ofSeconds(5));
            assertThat(got).extracting(Delivery::id).containsExactly("sentinel-" + b);
            assertThat(q.ack(got.get(0))).isTrue();
            // and the queue keeps working for the next good task
            String id = q.enqueue(Task.of("after", "{\"ok\":true}")).taskId();
            List<Delivery> next = q.fetch(10, Duration.ofSeconds(5));
            assertThat(next).extracting(Delivery::id).containsExactly(id);
            assertThat(next.get(0).task().payload()).isEqualTo("{\"ok\":true}");
            q.ack(next.get(0));
            q.enqueue(Task.builder("sentinel").id("sentinel-" + b).build()); // for the rows that run after
        }
    }
}

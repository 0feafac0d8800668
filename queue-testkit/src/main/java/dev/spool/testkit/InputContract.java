package dev.spool.testkit;

import dev.spool.api.DeadLetter;
import dev.spool.api.Delivery;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.Task;
import dev.spool.api.TaskDecodeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Contract clause 10: bad input gets a clear error and loses nothing. Part of {@link TaskQueueContractTest}. */
public abstract class InputContract extends OrderingContract {

    /** Each bad input, the field its error must name, and a fragment of the message. */
    private record Bad(String what, String field, String fragment, Executable build) {
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String stringOfBytes(long bytes) {
        return "\"" + "a".repeat((int) bytes - 2) + "\"";
    }

    private List<Bad> badInputs() {
        Map<String, String> tooMany = new LinkedHashMap<>();
        for (int i = 0; i <= Task.MAX_HEADERS; i++) {
            tooMany.put("h" + i, "v");
        }
        return List.of(
                new Bad("null type", "type", "null", () -> Task.of(null, "{}")),
                new Bad("empty type", "type", "empty", () -> Task.of("", "{}")),
                new Bad("type with a space", "type", "use letters", () -> Task.of("send mail", "{}")),
                new Bad("type too long", "type", "at most 128", () -> Task.of("t".repeat(129), "{}")),
                new Bad("null payload", "payload", "null", () -> Task.of("t", null)),
                new Bad("empty payload", "payload", "empty", () -> Task.of("t", "  ")),
                new Bad("not JSON", "payload", "not valid JSON", () -> Task.of("t", "hello")),
                new Bad("unclosed object", "payload", "ends early", () -> Task.of("t", "{\"a\":1")),
                new Bad("single quotes", "payload", "not valid JSON", () -> Task.of("t", "{'a':1}")),
                new Bad("trailing comma", "payload", "not valid JSON", () -> Task.of("t", "[1,2,]")),
                new Bad("two values", "payload", "after the JSON value", () -> Task.of("t", "{} {}")),
                new Bad("NaN", "payload", "not valid JSON", () -> Task.of("t", "{\"x\":NaN}")),
                new Bad("raw control character", "payload", "control character", () -> Task.of("t", "\"a\u0001b\"")),
                new Bad("JSON bomb", "payload", "nested deeper", () -> Task.of("t", nested(100))),
                new Bad("lone surrogate", "payload", "surrogate", () -> Task.of("t", "\"\uD800x\"")),
                new Bad("payload over the limit", "payload", "limit",
                        () -> Task.of("t", stringOfBytes(Task.maxPayloadBytes() + 1))),
                new Bad("negative priority", "priority", "use 0", () -> Task.builder("t").priority(-1).build()),
                new Bad("priority too high", "priority", "9 (highest)", () -> Task.builder("t").priority(10).build()),
                new Bad("zero max attempts", "maxAttempts", "use 1", () -> Task.builder("t").maxAttempts(0).build()),
                new Bad("negative max attempts", "maxAttempts", "use 1", () -> Task.builder("t").maxAttempts(-3).build()),
                new Bad("zero timeout", "timeout", "positive", () -> Task.builder("t").timeout(Duration.ZERO).build()),
                new Bad("negative delay", "runAt", "negative", () -> Task.builder("t").delay(Duration.ofSeconds(-1))),
                new Bad("window without key", "uniqueFor", "uniqueKey", () -> Task.builder("t").uniqueFor(Duration.ofMinutes(1)).build()),
                new Bad("empty unique key", "uniqueKey", "1 to 256", () -> Task.builder("t").uniqueKey("").build()),
                new Bad("bad header name", "headers", "must match", () -> Task.builder("t").header("bad name", "v").build()),
                new Bad("too many headers", "headers", "at most 32", () -> Task.builder("t").headers(tooMany).build()),
                new Bad("id with a slash", "id", "use letters", () -> Task.builder("t").id("a/b").build()),
                new Bad("queue name with a space", "queue", "use letters", () -> broker.queue("my queue")),
                new Bad("empty queue name", "queue", "1 to 64", () -> broker.queue("")));
    }

    @Test
    void everyKindOfBadInputIsRefusedWithAMessageNamingTheField() {
        String kept = enqueue("kept", "{\"n\":1}"); // the queue holds a task while the bad inputs are tried
        for (Bad bad : badInputs()) {
            InvalidTaskException e = catchThrowableOfType(InvalidTaskException.class, bad.build()::execute);
            assertThat(e).as("%s is refused", bad.what()).isNotNull();
            assertThat(e.field()).as("field named for %s", bad.what()).isEqualTo(bad.field());
            assertThat(e.getMessage()).as("message for %s", bad.what())
                    .contains(bad.field().equals("queue") ? "queue" : "'" + bad.field() + "'")
                    .contains(bad.fragment());
        }
        assertThat(broker.inspector().stats(queue.name()).pending()).as("the task stored before, and nothing else").isEqualTo(1);
        Delivery d = fetchOne();
        assertThat(d.id()).isEqualTo(kept);
        assertThat(queue.ack(d)).isTrue();
        assertNothingReady();
    }

    @Test
    void undecodableStoredDataIsDeadLetteredAndTheNextTaskFlows() {
        String garbage = "this is not a Spool task \u0000\u00ff";
        storeGarbage(broker, queue.name(), garbage);
        String good = enqueue("after", "{\"ok\":true}");

        Delivery d = fetchOne();
        assertThat(d.id()).isEqualTo(good);
        assertThat(queue.ack(d)).isTrue();
        assertNothingReady();

        List<DeadLetter> dead = broker.inspector().deadLetters(queue.name(), 0, 10);
        assertThat(dead).hasSize(1);
        DeadLetter letter = dead.get(0);
        assertThat(letter.task()).isNull();
        assertThat(letter.raw()).isEqualTo(garbage);
        assertThat(letter.error()).isNotBlank().contains("not a Spool task");
        assertThatThrownBy(() -> broker.inspector().requeueDead(queue.name(), letter.id()))
                .isInstanceOf(TaskDecodeException.class).hasMessageContaining(letter.id());
        assertThat(broker.inspector().deleteDead(queue.name(), letter.id())).isTrue();
    }

    @Test
    void aStoredTaskWithABrokenPayloadIsDeadLettered() {
        String broken = "{\"id\":\"broken-1\",\"t\":\"x\"}\n{\"unclosed\":";
        storeGarbage(broker, queue.name(), broken);
        String good = enqueue("after", "{}");
        Delivery d = fetchOne();
        assertThat(d.id()).isEqualTo(good);
        assertThat(queue.ack(d)).isTrue();
        List<DeadLetter> dead = broker.inspector().deadLetters(queue.name(), 0, 10);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).task()).isNull();
        assertThat(dead.get(0).raw()).isEqualTo(broken);
        assertThat(dead.get(0).error()).contains("payload");
    }

    @Test
    void aPayloadOfExactlyTheLimitRoundTrips() {
        String big = stringOfBytes(Task.maxPayloadBytes());
        String id = enqueue("big", big);
        Delivery d = fetchOne();
        assertThat(d.id()).isEqualTo(id);
        assertThat(d.task().payload()).isEqualTo(big);
        assertThat(queue.ack(d)).isTrue();
    }

    @Test
    void nonAsciiPayloadsAndHeadersRoundTripExactly() {
        String payload = "{\"text\":\"Grüße, 世界 🚀 e\u0301 שלום\",\"escaped\":\"\\u00e9\\n\\t\\\"\\\\\",\"emoji\":[\"👩‍👩‍👧\"]}";
        Task task = Task.builder("intl").payload(payload).header("name", "café ☕ 𝄞").build();
        enqueue(task);
        Delivery d = fetchOne();
        assertThat(d.task().payload()).isEqualTo(payload);
        assertThat(d.task().headers()).containsEntry("name", "café ☕ 𝄞");
        assertThat(queue.ack(d)).isTrue();
    }
}

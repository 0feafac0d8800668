package dev.spool.test;

import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import dev.spool.api.PayloadCodec;
import dev.spool.api.Task;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One task enqueued through a {@link SpoolHarness}: what was stored (type, payload, delay, unique key,
 * priority, headers) and what became of it (outcome, attempts, retries, errors, result). A live view:
 * it reads the harness's record each time, so one taken before {@link SpoolHarness#drain()} shows the
 * outcome after it.
 *
 * <p>The {@code assert…} methods throw {@link AssertionError} with a message that names the task, its
 * queue and payload, and what it actually was (with each attempt's outcome); each returns this view, so
 * they chain:
 *
 * <pre>{@code
 * spool.enqueued("mail").ofType("send_welcome").single()
 *         .assertPayload(new Welcome("ada@example.com", "Ada"))
 *         .assertDelay(Duration.ofMinutes(10))
 *         .assertUniqueKey("welcome:ada");
 * }</pre>
 */
public final class EnqueuedTask {
    /**
     * How far {@link #assertDelay} lets the delay be off: {@code Task.Builder.delay} turns a delay into a
     * time by the system clock when the task is built, and the harness moves it onto its own clock at
     * enqueue, so the real time between the two (normally well under a millisecond) is lost from it.
     */
    public static final Duration DELAY_TOLERANCE = Duration.ofSeconds(1);

    private final Journal journal;
    private final Clock clock;
    private final Journal.Entry entry;

    EnqueuedTask(Journal journal, Clock clock, Journal.Entry entry) {
        this.journal = journal;
        this.clock = clock;
        this.entry = entry;
    }

    /** The queue it was enqueued on. */
    public String queue() {
        return entry.queue;
    }

    /** Its id. */
    public String id() {
        return entry.id;
    }

    /** Its type. */
    public String type() {
        return entry.task.type();
    }

    /** The task as stored: stamped with its id and creation time, its times on the harness clock. */
    public Task task() {
        return entry.task;
    }

    /** The payload's JSON text. */
    public String payloadJson() {
        return entry.task.payload();
    }

    /**
     * The payload decoded as {@code type}, as a handler of that payload class would get it.
     *
     * @throws AssertionError when it does not decode, naming the field that did not fit
     */
    public <P> P payload(Class<P> type) {
        try {
            return PayloadCodec.decode(entry.task, type);
        } catch (RuntimeException ex) {
            throw new AssertionError(Describe.task(entry) + ": its payload " + Describe.payload(payloadJson())
                    + " is not a " + type.getSimpleName() + ": " + ex.getMessage(), ex);
        }
    }

    /** How long after its enqueue it was due: {@code runAt - createdAt}; zero for a task due at once. */
    public Duration delay() {
        Task t = entry.task;
        if (t.runAt() == null || t.createdAt() == null || !t.runAt().isAfter(t.createdAt())) {
            return Duration.ZERO;
        }
        return Duration.between(t.createdAt(), t.runAt());
    }

    /** Its unique key, or null for none. */
    public String uniqueKey() {
        return entry.task.uniqueKey();
    }

    /** Its priority, 0 to 9. */
    public int priority() {
        return entry.task.priority();
    }

    /** Its headers. */
    public Map<String, String> headers() {
        return entry.task.headers();
    }

    /** Where it stands now. */
    public Outcome outcome() {
        return read(e -> e.outcome);
    }

    /** The attempts it has been delivered for (as the backend counts them: a hand-back does not count). */
    public int attempts() {
        return read(e -> e.attempts);
    }

    /** How many failed attempts were followed by a retry. */
    public int retries() {
        return read(e -> e.retries);
    }

    /** How many times its handler asked to run it later ({@code RetryLaterException}), the attempt not counted. */
    public int postponements() {
        return read(e -> e.postponements);
    }

    /** The error of each failed attempt, oldest first (the last one is the dead letter's reason, if any). */
    public List<String> errors() {
        return read(e -> List.copyOf(e.errors));
    }

    /** Why it was dead-lettered; null unless {@link Outcome#DEAD_LETTERED}. */
    public String deadReason() {
        return read(e -> e.deadReason);
    }

    /** The JSON its handler gave with {@code TaskContext.setResult}; null for none. */
    public String resultJson() {
        return read(e -> e.result);
    }

    /** {@link #resultJson()} decoded as {@code type}; null when the handler gave none. */
    public <R> R result(Class<R> type) {
        String json = resultJson();
        return json == null ? null : PayloadCodec.gson().fromJson(json, type);
    }

    /** What each attempt came to, oldest first, e.g. {@code attempt 1 failed, retry in 1s: java.io.IOException: …}. */
    public List<String> history() {
        return read(e -> List.copyOf(e.history));
    }

    /** Asserts that its payload, decoded as {@code expected}'s class, equals {@code expected}. */
    public EnqueuedTask assertPayload(Object expected) {
        Objects.requireNonNull(expected, "expected");
        Object actual = payload(expected.getClass());
        if (!expected.equals(actual)) {
            throw failure("to have the payload " + PayloadCodec.encode(expected), "its payload is " + payloadJson());
        }
        return this;
    }

    /** Asserts that its payload is the JSON value {@code json} (compared as JSON: spacing and key order aside). */
    public EnqueuedTask assertPayloadJson(String json) {
        boolean same;
        try {
            same = JsonParser.parseString(json).equals(JsonParser.parseString(payloadJson()));
        } catch (JsonSyntaxException ex) {
            throw new IllegalArgumentException("assertPayloadJson: '" + json + "' is not JSON: " + ex.getMessage(), ex);
        }
        if (!same) {
            throw failure("to have the payload " + json, "its payload is " + payloadJson());
        }
        return this;
    }

    /** Asserts its {@link #delay()}, to within {@link #DELAY_TOLERANCE}; {@code Duration.ZERO} for a task due at once. */
    public EnqueuedTask assertDelay(Duration expected) {
        Duration actual = delay();
        if (actual.minus(expected).abs().compareTo(DELAY_TOLERANCE) > 0) {
            throw failure("to be delayed " + Describe.duration(expected), actual.isZero() ? "it was due at once"
                    : "it was delayed " + Describe.duration(actual) + " (runAt " + entry.task.runAt() + ", enqueued at "
                    + entry.task.createdAt() + " by the harness clock)");
        }
        return this;
    }

    /** Asserts its unique key ({@code null} for none). */
    public EnqueuedTask assertUniqueKey(String expected) {
        if (!Objects.equals(expected, uniqueKey())) {
            throw failure(expected == null ? "to have no unique key" : "to have the unique key '" + expected + "'",
                    uniqueKey() == null ? "it has none" : "its unique key is '" + uniqueKey() + "'");
        }
        return this;
    }

    /** Asserts its priority. */
    public EnqueuedTask assertPriority(int expected) {
        if (priority() != expected) {
            throw failure("to have priority " + expected, "its priority is " + priority());
        }
        return this;
    }

    /** Asserts that header {@code name} is {@code expected} ({@code null}: that it has no such header). */
    public EnqueuedTask assertHeader(String name, String expected) {
        String actual = headers().get(name);
        if (!Objects.equals(expected, actual)) {
            throw failure(expected == null ? "to have no header '" + name + "'" : "to have header " + name + "=" + expected,
                    "its headers are " + headers());
        }
        return this;
    }

    /** Asserts that it has {@code expected} as its {@link #outcome()}. */
    public EnqueuedTask assertOutcome(Outcome expected) {
        if (outcome() != expected) {
            throw failure(switch (expected) {
                case PENDING -> "to be pending";
                case SUCCEEDED -> "to have succeeded";
                case DEAD_LETTERED -> "to have been dead-lettered";
                case CANCELLED -> "to have been cancelled";
                case GONE -> "to be gone from its queue";
                case REFUSED -> "to have been refused as a duplicate";
            }, null);
        }
        return this;
    }

    /** Asserts that its handler succeeded and the task was acknowledged. */
    public EnqueuedTask assertSucceeded() {
        return assertOutcome(Outcome.SUCCEEDED);
    }

    /** Asserts that it is still pending (ready, scheduled or running). */
    public EnqueuedTask assertPending() {
        return assertOutcome(Outcome.PENDING);
    }

    /** Asserts that it became a dead letter, for whatever reason. */
    public EnqueuedTask assertDeadLettered() {
        return assertOutcome(Outcome.DEAD_LETTERED);
    }

    /** Asserts that it became a dead letter whose reason contains {@code reasonPart}. */
    public EnqueuedTask assertDeadLettered(String reasonPart) {
        assertDeadLettered();
        String reason = deadReason();
        if (reason == null || !reason.contains(reasonPart)) {
            throw failure("to be dead-lettered with a reason containing '" + reasonPart + "'", null);
        }
        return this;
    }

    /** Asserts how many failed attempts were followed by a retry. */
    public EnqueuedTask assertRetries(int expected) {
        if (retries() != expected) {
            throw failure("to have been retried " + expected + " time" + (expected == 1 ? "" : "s"), null);
        }
        return this;
    }

    /** Asserts how many attempts it has been delivered for. */
    public EnqueuedTask assertAttempts(int expected) {
        if (attempts() != expected) {
            throw failure("to have had " + expected + " attempt" + (expected == 1 ? "" : "s"), "it had " + attempts());
        }
        return this;
    }

    /** The failure of an assertion: what was expected of this task and, when {@code actual} is null, its status. */
    private AssertionError failure(String expected, String actual) {
        synchronized (journal) {
            journal.refresh(entry);
            StringBuilder m = new StringBuilder("expected ").append(Describe.task(entry)).append(' ')
                    .append(Describe.payload(payloadJson())).append(' ').append(expected).append(", but ")
                    .append(actual != null ? actual : Describe.sentence(entry, clock.instant()));
            if (!entry.history.isEmpty()) {
                m.append("\nits attempts:");
                entry.history.forEach(h -> m.append("\n  - ").append(h));
            }
            if (entry.outcome == Outcome.PENDING) {
                m.append("\n(a pending task runs when the test calls spool.drain() or spool.runReady())");
            }
            return new AssertionError(m.toString());
        }
    }

    private <T> T read(Function<Journal.Entry, T> field) {
        return journal.read(entry, field);
    }

    /** The task and where it stands, as in failure messages. */
    @Override
    public String toString() {
        synchronized (journal) {
            journal.refresh(entry);
            return Describe.task(entry) + " " + Describe.payload(payloadJson()) + ": " + Describe.status(entry, clock.instant());
        }
    }
}

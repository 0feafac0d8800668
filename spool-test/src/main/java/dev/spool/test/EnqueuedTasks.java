package dev.spool.test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The tasks enqueued through a {@link SpoolHarness} on one queue (or on every queue), in enqueue order,
 * narrowed by filters such as {@link #ofType}. Which tasks it holds is fixed when it is made; each
 * {@link EnqueuedTask} is a live view of its task.
 *
 * <p>{@link #single()}, {@link #get}, and the {@code assert…} methods throw {@link AssertionError} with a
 * message that says what was looked for and lists what was there, including the tasks the filters left
 * out:
 *
 * <pre>{@code
 * spool.enqueued("mail").ofType("send_welcome").assertCount(2);
 * Welcome w = spool.enqueued("mail").ofType("send_welcome").single().payload(Welcome.class);
 * }</pre>
 */
public final class EnqueuedTasks implements Iterable<EnqueuedTask> {
    private final Journal journal;
    private final Clock clock;
    private final String description;
    private final List<Journal.Entry> entries;
    /** What the first list held, before any filter: listed in messages when the filters left too few. */
    private final String allDescription;
    private final List<Journal.Entry> all;

    EnqueuedTasks(Journal journal, Clock clock, String description, List<Journal.Entry> entries) {
        this(journal, clock, description, entries, description, entries);
    }

    private EnqueuedTasks(Journal journal, Clock clock, String description, List<Journal.Entry> entries,
                          String allDescription, List<Journal.Entry> all) {
        this.journal = journal;
        this.clock = clock;
        this.description = description;
        this.entries = List.copyOf(entries);
        this.allDescription = allDescription;
        this.all = all;
    }

    /** Those of type {@code type}. */
    public EnqueuedTasks ofType(String type) {
        Objects.requireNonNull(type, "type");
        return narrowed("of type '" + type + "'", e -> e.task.type().equals(type));
    }

    /** Those holding unique key {@code key}. */
    public EnqueuedTasks withUniqueKey(String key) {
        Objects.requireNonNull(key, "key");
        return narrowed("with unique key '" + key + "'", e -> key.equals(e.task.uniqueKey()));
    }

    /** Those whose {@link EnqueuedTask#outcome()} is {@code outcome} now. */
    public EnqueuedTasks withOutcome(Outcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        return narrowed("with outcome " + outcome, e -> {
            journal.refresh(e);
            return e.outcome == outcome;
        });
    }

    /** Those {@code filter} keeps; {@code what} says which in messages (e.g. {@code "for ada@example.com"}). */
    public EnqueuedTasks where(String what, Predicate<EnqueuedTask> filter) {
        Objects.requireNonNull(filter, "filter");
        return narrowed(what, e -> filter.test(view(e)));
    }

    private EnqueuedTasks narrowed(String what, Predicate<Journal.Entry> keep) {
        List<Journal.Entry> kept = new ArrayList<>();
        synchronized (journal) {
            for (Journal.Entry e : entries) {
                if (keep.test(e)) {
                    kept.add(e);
                }
            }
        }
        return new EnqueuedTasks(journal, clock, description + " " + what, kept, allDescription, all);
    }

    /** How many there are. */
    public int size() {
        return entries.size();
    }

    /** True when there are none. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Each of them, in enqueue order. */
    public List<EnqueuedTask> list() {
        return entries.stream().map(this::view).toList();
    }

    /** Each payload decoded as {@code type}, in enqueue order (see {@link EnqueuedTask#payload}). */
    public <P> List<P> payloads(Class<P> type) {
        return list().stream().map(t -> t.payload(type)).toList();
    }

    /** The {@code index}th (from 0) in enqueue order; an {@link AssertionError} listing them when there are fewer. */
    public EnqueuedTask get(int index) {
        if (index < 0 || index >= entries.size()) {
            throw failure("at least " + (index + 1) + " " + description, "there " + were(entries.size()));
        }
        return view(entries.get(index));
    }

    /** The only one; an {@link AssertionError} listing what there was when there is not exactly one. */
    public EnqueuedTask single() {
        if (entries.size() != 1) {
            throw failure("exactly one " + singular(), "there " + were(entries.size()));
        }
        return view(entries.get(0));
    }

    /** Asserts that there are {@code expected} of them. */
    public EnqueuedTasks assertCount(int expected) {
        if (entries.size() != expected) {
            throw failure(expected + " " + description, "there " + were(entries.size()));
        }
        return this;
    }

    /** Asserts that there are none. */
    public EnqueuedTasks assertNone() {
        return assertCount(0);
    }

    /** Asserts that every one of them succeeded (see {@link EnqueuedTask#assertSucceeded()}). */
    public EnqueuedTasks assertAllSucceeded() {
        list().forEach(EnqueuedTask::assertSucceeded);
        return this;
    }

    @Override
    public Iterator<EnqueuedTask> iterator() {
        return list().iterator();
    }

    /** Each of them, in enqueue order. */
    public Stream<EnqueuedTask> stream() {
        return list().stream();
    }

    private EnqueuedTask view(Journal.Entry e) {
        return new EnqueuedTask(journal, clock, e);
    }

    /** "task enqueued on queue 'mail' of type 'x'" from "tasks enqueued on …". */
    private String singular() {
        return description.startsWith("tasks ") ? "task " + description.substring("tasks ".length()) : description;
    }

    private static String were(int n) {
        return n == 0 ? "were none" : n == 1 ? "was 1" : "were " + n;
    }

    private AssertionError failure(String expected, String actual) {
        synchronized (journal) {
            all.forEach(journal::refresh);
            entries.forEach(journal::refresh);
            StringBuilder m = new StringBuilder("expected ").append(expected).append(", but ").append(actual);
            if (!entries.isEmpty()) {
                m.append(':').append(Describe.list(entries, clock.instant()));
            }
            if (all.size() > entries.size()) {
                m.append("\n").append(allDescription.substring(0, 1).toUpperCase(java.util.Locale.ROOT))
                        .append(allDescription.substring(1)).append(':').append(Describe.list(all, clock.instant()));
            } else if (all.isEmpty()) {
                m.append("\n(nothing was enqueued through the harness's broker: give the code under test spool.broker())");
            }
            return new AssertionError(m.toString());
        }
    }

    /** The tasks, one per line, as in failure messages. */
    @Override
    public String toString() {
        synchronized (journal) {
            entries.forEach(journal::refresh);
            return description + ":" + Describe.list(entries, clock.instant());
        }
    }
}

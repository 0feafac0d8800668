package dev.spool.demo;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.spool.api.Broker;
import dev.spool.api.EnqueueResult;
import dev.spool.api.QueueEvents;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskState;
import dev.spool.demo.handlers.GenerateLogFile;
import dev.spool.demo.handlers.ParseLogFile;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How the demo's producer learns that its work is done: it waits for each task it enqueued by id
 * ({@link QueueEvents#awaitOutcome}, woken by the task's final event in the queue's log), follows each
 * {@code generate_log_file} to the {@code parse_log_file} it enqueued (the generate task's result names
 * it), and adds up the parse tasks' results. The tasks carry a retention, so their outcome is kept for
 * the producer to read; nothing is counted on disk or polled.
 */
final class Outcomes {
    /**
     * What the wait found.
     *
     * @param done     true when every task reached a final state in time
     * @param parsed   parse tasks that succeeded
     * @param lines    lines they report, summed
     * @param dead     tasks that ended as dead letters
     * @param problems what went off plan (a task gone without an outcome, a result that does not read)
     */
    record Summary(boolean done, int parsed, long lines, int dead, List<String> problems) {
        /** True when the results agree with {@code plan}: every file parsed, every line seen, one planned dead letter. */
        boolean matches(DemoPlan plan) {
            return done && problems.isEmpty() && parsed == plan.files() && lines == (long) plan.files() * plan.lines()
                    && dead == 1;
        }

        void print(PrintStream out, DemoPlan plan) {
            out.println();
            out.println("Results (each task waited for by id, woken by the queue's event log)");
            out.printf(Locale.ROOT, "  %-12s%,d of %,d files, %,d lines; %d dead letter%s%s%n", "parsed", parsed,
                    plan.files(), lines, dead, dead == 1 ? "" : "s", matches(plan) ? "" : "  (NOT AS PLANNED)");
            for (String p : problems) {
                out.println("  problem     " + p);
            }
        }
    }

    private Outcomes() {
    }

    /** Waits, until {@code endNanos} (System.nanoTime), for every task of {@code enqueued} and its follow-up. */
    static Summary await(Broker broker, String queue, List<EnqueueResult> enqueued, long endNanos) {
        QueueEvents events = broker.events(queue);
        List<String> problems = new ArrayList<>();
        int parsed = 0;
        long lines = 0;
        int dead = 0;
        List<String> waiting = new ArrayList<>();
        for (EnqueueResult r : enqueued) {
            waiting.add(r.accepted() ? r.taskId() : r.duplicateOf());
        }
        for (int i = 0; i < waiting.size(); i++) {
            String id = waiting.get(i);
            Optional<TaskInfo> found = events.awaitOutcome(id, left(endNanos));
            if (found.isEmpty()) {
                problems.add("task " + id + " ended without a kept outcome");
                continue;
            }
            TaskInfo t = found.get();
            if (!t.state().isFinal()) {
                return new Summary(false, parsed, lines, dead, problems);
            }
            if (t.state() == TaskState.DEAD) {
                dead++;
            } else if (t.state() != TaskState.SUCCEEDED || t.result() == null) {
                problems.add("task " + id + " (" + t.type() + ") ended " + t.state().label() + " without a result");
            } else if (GenerateLogFile.TYPE.equals(t.type())) {
                waiting.add(field(t, "parseTask").getAsString()); // the parse it enqueued: wait for it too
            } else if (ParseLogFile.TYPE.equals(t.type())) {
                parsed++;
                lines += field(t, "lines").getAsLong();
            }
        }
        return new Summary(true, parsed, lines, dead, problems);
    }

    private static JsonElement field(TaskInfo t, String name) {
        JsonElement v = JsonParser.parseString(t.result()).getAsJsonObject().get(name);
        if (v == null) {
            throw new IllegalStateException("the result of task " + t.id() + " (" + t.type() + ") has no '" + name
                    + "': " + t.result());
        }
        return v;
    }

    private static Duration left(long endNanos) {
        return Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(Math.max(0, endNanos - System.nanoTime())));
    }
}

package dev.spool.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How far {@link SpoolHarness#drain(Drain)} goes: which queues, how many handler runs at most, how far it may
 * move the clock to reach delayed tasks and retries, and whether work left over fails the test. Immutable;
 * start from {@link #untilIdle()} or {@link #readyOnly()} and change one setting at a time:
 *
 * <pre>{@code
 * spool.drain(Drain.untilIdle().withQueues("mail").withMaxClockAdvance(Duration.ofHours(2)));
 * }</pre>
 *
 * @param queues          the queues to run tasks from; empty for every queue that has had a task
 * @param maxTasks        at most so many handler runs (1 or more); a drain that reaches it with work left
 *                        fails, since a handler that enqueues tasks without end would otherwise never stop
 * @param maxClockAdvance how far the drain may move the harness clock, in all, to reach the next due task;
 *                        zero to run only what is ready now
 * @param requireIdle     whether a drain that ends with tasks still pending in its queues (due past the clock
 *                        bound, or ready in a paused queue) fails
 */
public record Drain(List<String> queues, int maxTasks, Duration maxClockAdvance, boolean requireIdle) {
    /** The handler runs a drain allows unless told otherwise. */
    public static final int DEFAULT_MAX_TASKS = 1_000;
    /** How far a drain may move the clock unless told otherwise: enough for every default retry (about 9 minutes). */
    public static final Duration DEFAULT_MAX_CLOCK_ADVANCE = Duration.ofDays(1);

    /** Checks and copies the values, naming the bad one. */
    public Drain {
        Objects.requireNonNull(queues, "queues");
        queues = List.copyOf(queues);
        if (maxTasks < 1) {
            throw new IllegalArgumentException("Drain maxTasks is " + maxTasks + "; give at least 1");
        }
        if (maxClockAdvance == null || maxClockAdvance.isNegative()) {
            throw new IllegalArgumentException("Drain maxClockAdvance is " + maxClockAdvance
                    + "; give zero (run only what is ready) or a positive duration");
        }
    }

    /**
     * Every queue, until nothing is left: {@value #DEFAULT_MAX_TASKS} runs at most, the clock moved by at most
     * {@link #DEFAULT_MAX_CLOCK_ADVANCE}, and work left over is a failure. What {@link SpoolHarness#drain()} does.
     */
    public static Drain untilIdle() {
        return new Drain(List.of(), DEFAULT_MAX_TASKS, DEFAULT_MAX_CLOCK_ADVANCE, true);
    }

    /** Every queue, the tasks ready now and those they enqueue ready; the clock does not move and nothing left is a failure. */
    public static Drain readyOnly() {
        return new Drain(List.of(), DEFAULT_MAX_TASKS, Duration.ZERO, false);
    }

    /** This drain over {@code names} only (none: every queue). */
    public Drain withQueues(String... names) {
        return new Drain(Arrays.asList(names), maxTasks, maxClockAdvance, requireIdle);
    }

    /** This drain with another bound on the handler runs. */
    public Drain withMaxTasks(int n) {
        return new Drain(queues, n, maxClockAdvance, requireIdle);
    }

    /** This drain with another bound on how far it moves the clock. */
    public Drain withMaxClockAdvance(Duration d) {
        return new Drain(queues, maxTasks, d, requireIdle);
    }

    /** This drain, failing or not when work is left over. */
    public Drain withRequireIdle(boolean require) {
        return new Drain(queues, maxTasks, maxClockAdvance, require);
    }
}

package dev.spool.test;

import dev.spool.api.QueueInspector;
import dev.spool.api.TaskInfo;
import dev.spool.worker.InlineWorker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Runs a {@link Drain}: its duties, in a loop until it stops or fails:
 * <ol>
 *   <li>run one ready task of each of the drain's queues in turn (a queue a handler enqueues into is
 *       drained too) until a round runs nothing;</li>
 *   <li>then move the harness clock to the next moment a pending task is due (a delayed task, a retry's
 *       backoff, a "run later", an expired lease), if that is within the drain's clock bound, and go on;</li>
 *   <li>stop when nothing is ready and nothing is due within the bound; fail when the run bound is reached
 *       with work left, or when the drain must end idle and tasks are left, naming them.</li>
 * </ol>
 */
final class Drainer {
    private final QueueInspector inspector;
    private final Journal journal;
    private final ManualClock clock;

    Drainer(QueueInspector inspector, Journal journal, ManualClock clock) {
        this.inspector = inspector;
        this.journal = journal;
        this.clock = clock;
    }

    DrainReport drain(InlineWorker worker, Drain d) {
        Instant start = clock.instant();
        Instant bound = start.plus(d.maxClockAdvance());
        Predicate<Journal.Entry> inDrain = d.queues().isEmpty() ? e -> true : e -> d.queues().contains(e.queue);
        int ran = 0;
        while (true) {
            if (ran == d.maxTasks()) {
                if (readyCount(d) > 0 || nextDue(inDrain).filter(t -> !t.isAfter(bound)).isPresent()) {
                    throw tooMany(d, inDrain);
                }
                break;
            }
            boolean progressed = false;
            for (String queue : queues(d)) {
                if (ran < d.maxTasks() && worker.runNext(queue)) {
                    ran++;
                    progressed = true;
                }
            }
            if (progressed) {
                continue;
            }
            Optional<Instant> next = nextDue(inDrain);
            if (next.isEmpty() || next.get().isAfter(bound)) {
                break;
            }
            clock.advanceTo(next.get());
        }
        if (d.requireIdle()) {
            List<Journal.Entry> left = journal.pending(inDrain);
            if (!left.isEmpty()) {
                throw notIdle(d, left, start, bound);
            }
        }
        return new DrainReport(ran, Duration.between(start, clock.instant()));
    }

    private List<String> queues(Drain d) {
        return d.queues().isEmpty() ? List.copyOf(inspector.queues()) : d.queues();
    }

    private long readyCount(Drain d) {
        long ready = 0;
        for (String q : queues(d)) {
            var s = inspector.stats(q);
            ready += s.paused() ? 0 : s.ready();
        }
        return ready;
    }

    /** The next moment after now at which a pending task of the drain becomes ready: its runAt, or its lease's end. */
    private Optional<Instant> nextDue(Predicate<Journal.Entry> inDrain) {
        synchronized (journal) {
            return nextDue(journal.pending(inDrain));
        }
    }

    private Optional<Instant> nextDue(List<Journal.Entry> pending) {
        Instant now = clock.instant();
        Instant next = null;
        for (Journal.Entry e : pending) {
            TaskInfo i = e.current;
            Instant due = i == null ? null : switch (i.state()) {
                case SCHEDULED -> i.runAt();
                case RUNNING -> i.leaseDeadline() == null ? null : i.leaseDeadline().plusMillis(1);
                default -> null;
            };
            if (due != null && due.isAfter(now) && (next == null || due.isBefore(next))) {
                next = due;
            }
        }
        return Optional.ofNullable(next);
    }

    private AssertionError tooMany(Drain d, Predicate<Journal.Entry> inDrain) {
        synchronized (journal) {
            return new AssertionError("the drain ran its " + d.maxTasks() + " tasks (Drain maxTasks) and work is still "
                    + "left: a handler may be enqueueing tasks without end; if this many is expected, raise the bound with "
                    + "spool.drain(Drain.untilIdle().withMaxTasks(n)). Pending:"
                    + Describe.list(journal.pending(inDrain), clock.instant()));
        }
    }

    private AssertionError notIdle(Drain d, List<Journal.Entry> left, Instant start, Instant bound) {
        synchronized (journal) {
            StringBuilder m = new StringBuilder("the drain ended with ").append(left.size())
                    .append(left.size() == 1 ? " task" : " tasks").append(" still pending");
            Optional<Instant> next = nextDue(left);
            if (next.isPresent()) {
                m.append(": the next is due at ").append(next.get()).append(", ")
                        .append(Describe.duration(Duration.between(start, next.get())))
                        .append(" after the drain began, past its clock bound of ")
                        .append(Describe.duration(Duration.between(start, bound)))
                        .append(" (raise it with Drain.untilIdle().withMaxClockAdvance(d), or use spool.advance(d))");
            }
            List<String> paused = new ArrayList<>();
            for (String q : queues(d)) {
                if (inspector.stats(q).paused()) {
                    paused.add(q);
                }
            }
            if (!paused.isEmpty()) {
                m.append("; paused queues hand out nothing: ").append(paused);
            }
            return new AssertionError(m.append(':').append(Describe.list(left, clock.instant())).toString());
        }
    }
}

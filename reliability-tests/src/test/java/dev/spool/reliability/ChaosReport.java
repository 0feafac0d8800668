package dev.spool.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The verdict of one run, computed from the books alone (what was accepted, what the handler
 * recorded, what is dead, which faults were injected when). Its duties:
 * <ol>
 *   <li>lost: an accepted task that is neither recorded as succeeded nor a dead letter;</li>
 *   <li>dead letters: exactly the poisoned tasks that were accepted (an uncertain poisoned one may be there too);</li>
 *   <li>every redelivery (a second start of a task) must be explained by a fault between the two starts
 *       that could take the first one's lease: its worker was SIGKILLed, or connections or Redis went down.
 *       An unexplained one is a task run twice while its worker lived: a failure. A Redis SIGKILL also
 *       explains a rerun whose first start came up to {@link #LOST_WRITES_MS} after it: the fetch that
 *       delivered it ran before the kill, and the kill lost it (appendfsync everysec loses up to a
 *       second or two of writes), so the task was delivered again as the same attempt;</li>
 *   <li>per fault, the tasks it caused to run again are bounded by what could be in flight then;</li>
 *   <li>recovery: the longest time from a fault to the redelivery it caused, and from that the longest
 *       wait after the lease expired (the lease deadline was at least two thirds of a lease after the
 *       fault, because leases are renewed every third of a lease).</li>
 * </ol>
 */
final class ChaosReport {
    /**
     * How long before a handler's start the fetch that delivered it may have run and been lost by a
     * Redis SIGKILL: the fsync interval of {@code appendfsync everysec} (up to two seconds of writes) and
     * the wait of a prefetched delivery for a thread.
     */
    static final long LOST_WRITES_MS = 2_000;

    /**
     * What the run produced and did.
     *
     * @param accepted    ids whose enqueue returned ACCEPTED
     * @param poisoned    ids built as poisoned (accepted or not)
     * @param uncertain   ids whose enqueue threw (stored or not: unknown)
     * @param dead        ids of the dead letters at the end
     * @param executions  executions that reached their end
     * @param starts      executions that started
     * @param events      the faults
     * @param lease       the workers' lease
     * @param slots       deliveries a worker holds at most: handler threads plus prefetched tasks (a finished task
     *                    holds its slot until its ack is sent)
     * @param maxWorkers  the most worker processes alive at once
     */
    record Books(Set<String> accepted, Set<String> poisoned, Set<String> uncertain, Set<String> dead,
                 List<Execution> executions, List<Execution.Start> starts, List<Events.Event> events,
                 Duration lease, int slots, int maxWorkers) {
    }

    /**
     * One fault and the tasks it made run again.
     *
     * @param event      the fault
     * @param rerun      distinct tasks started again because of it
     * @param bound      how many tasks could have been in flight on what it hit
     */
    record Impact(Events.Event event, int rerun, int bound) {
    }

    final String title;
    final Books books;
    final Set<String> lost = new TreeSet<>();
    final Set<String> unexpectedDead = new TreeSet<>();
    final Set<String> missingDead = new TreeSet<>();
    final Set<String> duplicates = new TreeSet<>();
    final Set<String> rerun = new TreeSet<>();
    final List<String> unexplained = new ArrayList<>();
    final Map<Events.Event, Impact> impacts = new LinkedHashMap<>();
    final List<String> extra = new ArrayList<>();
    /** Things that must not happen and are not counted above: a worker dying on its own, a queue that never drained. */
    final List<String> anomalies = new ArrayList<>();
    long completed;
    long maxRecoveryMs;
    long maxWaitAfterLeaseMs;
    long minWaitAfterLeaseMs;
    long uncertainExecuted;

    private ChaosReport(String title, Books books) {
        this.title = title;
        this.books = books;
    }

    static ChaosReport analyze(String title, Books b) {
        ChaosReport r = new ChaosReport(title, b);
        r.run();
        return r;
    }

    private void run() {
        Map<String, Integer> okCount = new HashMap<>();
        Set<String> ranAtAll = new HashSet<>();
        for (Execution e : books.executions) {
            ranAtAll.add(e.id());
            if (e.ok()) {
                okCount.merge(e.id(), 1, Integer::sum);
            }
        }
        for (String id : books.accepted) {
            boolean poisoned = books.poisoned.contains(id);
            if (poisoned) {
                if (!books.dead.contains(id)) {
                    missingDead.add(id);
                }
            } else if (books.dead.contains(id)) {
                unexpectedDead.add(id);
            } else if (!okCount.containsKey(id)) {
                lost.add(id);
            } else {
                completed++;
            }
            if (!poisoned && okCount.getOrDefault(id, 0) > 1) {
                duplicates.add(id);
            }
        }
        for (String id : books.dead) {
            if (!books.accepted.contains(id) && !(books.uncertain.contains(id) && books.poisoned.contains(id))) {
                unexpectedDead.add(id);
            }
        }
        for (String id : books.uncertain) {
            if (ranAtAll.contains(id)) {
                uncertainExecuted++;
            }
        }
        for (Events.Event e : books.events) {
            int bound = e.kind() == Events.Kind.WORKER_KILLED ? books.slots
                    : books.maxWorkers * 2 * books.slots; // held, plus a fetched batch whose reply was lost
            impacts.put(e, new Impact(e, 0, bound));
        }
        explainReruns();
    }

    private void explainReruns() {
        Map<String, List<Execution.Start>> byTask = new HashMap<>();
        for (Execution.Start s : books.starts) {
            if (!books.poisoned.contains(s.id())) {
                byTask.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(s);
            }
        }
        List<Events.Event> events = books.events.stream().sorted(Comparator.comparingLong(Events.Event::atMs)).toList();
        long leaseMs = books.lease.toMillis();
        for (Map.Entry<String, List<Execution.Start>> t : byTask.entrySet()) {
            List<Execution.Start> starts = t.getValue();
            if (starts.size() < 2) {
                continue;
            }
            rerun.add(t.getKey());
            starts.sort(Comparator.comparingLong(Execution.Start::startMs).thenComparingInt(Execution.Start::attempt));
            for (int i = 1; i < starts.size(); i++) {
                Execution.Start prev = starts.get(i - 1);
                Execution.Start next = starts.get(i);
                Events.Event cause = events.stream()
                        .filter(e -> e.atMs() >= prev.startMs() - (e.kind() == Events.Kind.REDIS_KILLED
                                        && next.attempt() == prev.attempt() ? LOST_WRITES_MS : 0)
                                && e.atMs() <= next.startMs() && e.affects(prev.pid()))
                        .findFirst().orElse(null);
                if (cause == null) {
                    unexplained.add("task " + t.getKey() + ": attempt " + prev.attempt() + " started on worker pid "
                            + prev.pid() + " at " + prev.startMs() + ", attempt " + next.attempt() + " on pid " + next.pid()
                            + " at " + next.startMs() + " (+" + (next.startMs() - prev.startMs())
                            + " ms) with no fault in between that could take the first one's lease");
                    continue;
                }
                Impact old = impacts.get(cause);
                impacts.put(cause, new Impact(cause, old.rerun() + 1, old.bound()));
                long recovery = next.startMs() - cause.atMs();
                maxRecoveryMs = Math.max(maxRecoveryMs, recovery);
                maxWaitAfterLeaseMs = Math.max(maxWaitAfterLeaseMs, recovery - (leaseMs * 2 / 3));
                minWaitAfterLeaseMs = Math.max(minWaitAfterLeaseMs, recovery - leaseMs);
            }
        }
    }

    /** Faults whose reruns exceed what could have been in flight. */
    List<Impact> overBound() {
        return impacts.values().stream().filter(i -> i.rerun() > i.bound()).toList();
    }

    /** True when nothing was lost, dead letters are exactly the poisoned tasks and every rerun is explained and bounded. */
    boolean passed() {
        return lost.isEmpty() && unexpectedDead.isEmpty() && missingDead.isEmpty() && unexplained.isEmpty()
                && overBound().isEmpty() && anomalies.isEmpty();
    }

    long count(Events.Kind kind) {
        return books.events.stream().filter(e -> e.kind() == kind).count();
    }

    String render() {
        long acceptedPoisoned = books.accepted.stream().filter(books.poisoned::contains).count();
        StringBuilder sb = new StringBuilder();
        sb.append("=== ").append(title).append(passed() ? " : PASSED" : " : FAILED").append('\n');
        line(sb, "tasks accepted", books.accepted.size() + " (of which poisoned on purpose: " + acceptedPoisoned + ")");
        line(sb, "enqueue calls that threw", books.uncertain.size() + " task ids uncertain, re-enqueued under new ids; "
                + uncertainExecuted + " of them ran anyway (stored before the error)");
        line(sb, "tasks completed", completed + " of " + (books.accepted.size() - acceptedPoisoned) + " that must succeed");
        line(sb, "LOST", lost.size() + sample(lost));
        line(sb, "dead letters", books.dead.size() + " (expected the " + acceptedPoisoned + " poisoned; missing "
                + missingDead.size() + sample(missingDead) + ", unexpected " + unexpectedDead.size() + sample(unexpectedDead) + ")");
        line(sb, "worker SIGKILLs", Long.toString(count(Events.Kind.WORKER_KILLED)));
        line(sb, "CLIENT KILLs", Long.toString(count(Events.Kind.CONNECTIONS_KILLED)));
        line(sb, "Redis restarts", count(Events.Kind.REDIS_STOPPED) + " after SIGTERM, " + count(Events.Kind.REDIS_KILLED)
                + " after SIGKILL" + (count(Events.Kind.MASTER_KILLED) > 0 ? ", " + count(Events.Kind.MASTER_KILLED)
                + " cluster masters killed" : ""));
        line(sb, "tasks started more than once", rerun.size() + " (every one after a fault that hit it; unexplained: "
                + unexplained.size() + ")");
        line(sb, "tasks whose effect ran twice", duplicates.size() + " (duplicates: the handler finished, the ack was lost)");
        int boundSum = 0;
        int rerunSum = 0;
        for (Impact i : impacts.values()) {
            boundSum += i.bound();
            rerunSum += i.rerun();
        }
        line(sb, "reruns vs in-flight bound", rerunSum + " <= " + boundSum + " (per fault: at most the slots (threads + prefetch) of a killed"
                + " worker, or 2 x slots x workers for a connection kill or Redis restart); over bound: " + overBound().size());
        line(sb, "longest fault -> redelivery", maxRecoveryMs + " ms (lease " + books.lease.toMillis() + " ms)");
        line(sb, "longest wait after lease expiry", "between " + Math.max(0, minWaitAfterLeaseMs) + " and "
                + Math.max(0, maxWaitAfterLeaseMs) + " ms (the deadline was 2/3 to 1 lease after the fault)");
        for (String x : extra) {
            sb.append("  ").append(x).append('\n');
        }
        if (!books.events.isEmpty()) {
            sb.append("  faults:\n");
            long t0 = books.events.get(0).atMs();
            for (Impact i : impacts.values()) {
                sb.append(String.format("    +%6.1fs %-18s %-28s reran %3d (bound %3d)%n", (i.event().atMs() - t0) / 1000.0,
                        i.event().kind(), i.event().detail(), i.rerun(), i.bound()));
            }
        }
        anomalies.forEach(a -> sb.append("  ANOMALY ").append(a).append('\n'));
        unexplained.stream().limit(20).forEach(u -> sb.append("  UNEXPLAINED ").append(u).append('\n'));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(String.format("  %-32s %s%n", label, value));
    }

    private static String sample(Set<String> ids) {
        return ids.isEmpty() ? "" : " e.g. " + ids.stream().limit(5).toList();
    }
}

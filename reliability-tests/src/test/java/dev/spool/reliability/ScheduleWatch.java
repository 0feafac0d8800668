package dev.spool.reliability;

import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.Schedule;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A schedule ticking every second through a chaos run, fired by the workers under test (no process
 * serves its queue). At the end every second from the first tick to the last must have been
 * enqueued exactly once: worker SIGKILLs leave the other workers firing, ticks under a minute old all
 * fire once Redis is back, and a Redis SIGKILL loses a tick only together with the record that it
 * fired, so it fires again.
 */
final class ScheduleWatch {
    static final String NAME = "chaos-tick";
    static final String QUEUE = "chaos-ticks";

    /** Registers the schedule, replacing what an earlier run left. */
    void start(Broker broker) {
        broker.schedules().remove(NAME);
        broker.inspector().purge(QUEUE);
        broker.schedules().put(Schedule.builder(NAME).queue(QUEUE).every(Duration.ofSeconds(1))
                .task(Task.of("chaos-tick", "{}")).build());
    }

    /** Removes the schedule, reads its tasks, and reports duplicates and gaps as anomalies. */
    void finish(Broker broker, ChaosReport report) {
        broker.schedules().remove(NAME);
        TreeMap<Instant, Integer> ticks = new TreeMap<>();
        TaskQueue q = broker.queue(QUEUE);
        for (List<Delivery> got = q.fetch(500, Duration.ZERO); !got.isEmpty(); got = q.fetch(500, Duration.ZERO)) {
            for (Delivery d : got) {
                ticks.merge(Instant.parse(d.task().headers().get(Schedule.TICK_HEADER)), 1, Integer::sum);
            }
            q.ackAll(got);
        }
        List<String> twice = new ArrayList<>();
        List<String> gaps = new ArrayList<>();
        Instant previous = null;
        for (var e : ticks.entrySet()) {
            if (e.getValue() > 1) {
                twice.add(e.getKey() + " x" + e.getValue());
            }
            if (previous != null && !previous.plusSeconds(1).equals(e.getKey())) {
                gaps.add(previous.plusSeconds(1) + ".." + e.getKey().minusSeconds(1));
            }
            previous = e.getKey();
        }
        report.extra.add(String.format("%-32s %d ticks, %s to %s; fired twice %s; missing %s", "schedule every 1 s",
                ticks.size(), ticks.isEmpty() ? "-" : ticks.firstKey(), ticks.isEmpty() ? "-" : ticks.lastKey(), twice, gaps));
        if (ticks.size() < 10) {
            report.anomalies.add("schedule " + NAME + " fired " + ticks.size() + " ticks over the whole run");
        }
        if (!twice.isEmpty()) {
            report.anomalies.add("schedule ticks enqueued more than once: " + twice);
        }
        if (!gaps.isEmpty()) {
            report.anomalies.add("schedule ticks never enqueued: " + gaps);
        }
    }
}

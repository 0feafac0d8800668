package dev.spool.testkit;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.Spool;
import dev.spool.api.TaskQueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker that a backend's crash test runs in a child JVM and kills: fetches {@code hold} tasks
 * (at most 250 a call) under a lease of {@code leaseMs}, prints {@code HELD <id> <leaseDeadlineMillis>}
 * for each and then {@code READY <n>}, and waits for its SIGKILL without settling anything.
 * Arguments: backend, url, queue, hold, leaseMs.
 */
public final class CrashChild {
    private CrashChild() {
    }

    /** Runs the child; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        String backend = args[0];
        String url = args[1];
        String queue = args[2];
        int hold = Integer.parseInt(args[3]);
        Duration lease = Duration.ofMillis(Long.parseLong(args[4]));
        Broker broker = Spool.connect(backend, BackendConfig.of(url));
        TaskQueue q = broker.queue(queue);
        List<Delivery> held = new ArrayList<>();
        while (held.size() < hold) {
            held.addAll(q.fetch(Math.min(250, hold - held.size()), Duration.ofSeconds(5), lease));
        }
        StringBuilder out = new StringBuilder();
        for (Delivery d : held) {
            out.append("HELD ").append(d.id()).append(' ').append(d.leaseDeadline().toEpochMilli()).append('\n');
        }
        out.append("READY ").append(held.size()).append('\n');
        System.out.print(out);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

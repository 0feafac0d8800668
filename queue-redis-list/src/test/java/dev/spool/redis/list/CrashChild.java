package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.Spool;
import dev.spool.api.TaskQueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker that dies, run in a child JVM by {@link CrashRecoveryTest}: leases a batch, prints
 * {@code HELD <id> <leaseDeadlineMillis>} for each task and then {@code READY <n>}, and waits
 * for its SIGKILL without acknowledging anything.
 * Arguments: Redis URL, queue, how many tasks to hold, lease in ms.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String queue = args[1];
        int hold = Integer.parseInt(args[2]);
        Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
        Broker broker = Spool.connect("redis-list", BackendConfig.of(url));
        TaskQueue q = broker.queue(queue);
        List<Delivery> held = new ArrayList<>();
        while (held.size() < hold) {
            held.addAll(q.fetch(hold - held.size(), Duration.ofSeconds(5), lease));
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

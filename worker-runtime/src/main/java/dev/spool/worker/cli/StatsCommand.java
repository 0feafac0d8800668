package dev.spool.worker.cli;

import dev.spool.api.Broker;
import dev.spool.api.QueueStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code spool stats}: the inspector's figures for one queue or every queue. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Shows ready, delayed, in-flight and dead counts and processed/failed totals per queue.")
final class StatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(names = "--queue", paramLabel = "<q>", description = "Only this queue (default: every queue). Env SPOOL_ADMIN_QUEUE.",
            descriptionKey = "admin-queue")
    String queue;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Broker broker = connection.open(dev.spool.api.BackendConfig.DEFAULT_LEASE)) {
            List<QueueStats> all = new ArrayList<>();
            for (String q : queue != null ? List.of(queue) : new ArrayList<>(broker.inspector().queues())) {
                all.add(broker.inspector().stats(q));
            }
            if (json) {
                Out.json(out, all);
            } else if (all.isEmpty()) {
                out.println("no queues yet");
                out.flush();
            } else {
                List<List<String>> rows = new ArrayList<>();
                for (QueueStats s : all) {
                    rows.add(List.of(s.queue(), "" + s.ready(), "" + s.delayed(), "" + s.inFlight(), "" + s.dead(),
                            "" + s.processed(), "" + s.failed(), "" + s.deadDropped(), s.paused() ? "yes" : "no"));
                }
                Out.table(out, List.of("QUEUE", "READY", "DELAYED", "IN-FLIGHT", "DEAD", "PROCESSED", "FAILED", "DEAD-DROPPED",
                                "PAUSED"),
                        rows);
            }
        }
        return 0;
    }
}

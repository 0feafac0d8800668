package dev.spool.worker.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.spool.api.Broker;
import dev.spool.api.QueueSettings;
import dev.spool.api.QueueStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code spool stats}: the inspector's figures for one queue or every queue. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Shows ready, delayed, in-flight and dead counts, processed/failed totals, latency (the age of the "
                + "oldest ready task) and limits per queue.")
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
            List<QueueSettings> settings = new ArrayList<>();
            for (String q : queue != null ? List.of(queue) : new ArrayList<>(broker.inspector().queues())) {
                all.add(broker.inspector().stats(q));
                settings.add(broker.inspector().settings(q));
            }
            if (json) {
                JsonArray rows = new JsonArray();
                for (int i = 0; i < all.size(); i++) {
                    JsonObject o = Out.JSON.toJsonTree(all.get(i)).getAsJsonObject();
                    QueueSettings limits = settings.get(i);
                    o.add("rate", Out.JSON.toJsonTree(limits.rate() == null ? null : limits.rate().toString()));
                    o.add("concurrency", Out.JSON.toJsonTree(limits.concurrency() == 0 ? null : limits.concurrency()));
                    o.add("typeLimits", Out.JSON.toJsonTree(LimitCommand.typeRows(all.get(i).queue(), limits)));
                    o.addProperty("latencyMs", all.get(i).latency().toMillis());
                    rows.add(o);
                }
                Out.json(out, rows);
            } else if (all.isEmpty()) {
                out.println("no queues yet");
                out.flush();
            } else {
                List<List<String>> rows = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) {
                    QueueStats s = all.get(i);
                    rows.add(List.of(s.queue(), "" + s.ready(), "" + s.delayed(), "" + s.inFlight(), "" + s.dead(),
                            "" + s.processed(), "" + s.failed(), "" + s.deadDropped(), "" + s.expired(), s.paused() ? "yes" : "no",
                            age(s.latency()), LimitCommand.describe(settings.get(i))));
                }
                Out.table(out, List.of("QUEUE", "READY", "DELAYED", "IN-FLIGHT", "DEAD", "PROCESSED", "FAILED", "DEAD-DROPPED",
                                "EXPIRED", "PAUSED", "LATENCY", "LIMITS"),
                        rows);
            }
        }
        return 0;
    }

    /** A latency for people: {@code 0}, {@code 850ms}, {@code 12.5s}, {@code 4m05s}, {@code 2h03m}, {@code 3d04h}. */
    static String age(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        if (ms < 1_000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3_600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3_600, s / 60 % 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, s / 3_600 % 24);
    }
}

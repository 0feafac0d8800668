package dev.spool.worker.cli;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.QueueEvent;
import dev.spool.api.QueueEvents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code spool events}: a queue's event log, printed or followed. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Prints a queue's event log: every state change of its tasks (enqueued, started, progress, "
                + "succeeded, retried, released, dead, cancelled), oldest first. With --follow, waits for new events "
                + "and prints them as they come until stopped (Ctrl-C) or --count are printed.")
final class EventsCommand extends QueueAdminCommand {
    @Option(names = "--follow", description = "Wait for new events and print them as they come.")
    boolean follow;

    @Option(names = "--from", paramLabel = "<event-id>",
            description = "Print the events after this one: an id printed before, or 'start' for the oldest kept. "
                    + "Default: start, or only new events with --follow.")
    String from;

    @Option(names = "--count", paramLabel = "<n>",
            description = "Stop after printing this many events. Default: 1000 without --follow, no limit with it.")
    Long count;

    @Option(names = "--json", description = "Print one JSON object per line.")
    boolean json;

    @Override
    public Integer call() {
        String queue = target.require();
        long limit = count != null ? count : follow ? Long.MAX_VALUE : 1000;
        if (limit < 1) {
            throw new ConfigDefaults.UsageException("--count is " + limit + "; print at least 1 event");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Broker broker = connection.open(BackendConfig.DEFAULT_LEASE)) {
            QueueEvents log = broker.events(queue);
            String position;
            try {
                position = from == null ? (follow ? log.lastId() : QueueEvents.START)
                        : from.equals("start") ? QueueEvents.START : QueueEvents.requireId(from);
            } catch (InvalidTaskException e) {
                throw new ConfigDefaults.UsageException("--from: " + e.getMessage());
            }
            long printed = 0;
            while (printed < limit) {
                List<QueueEvent> got = log.read(position, (int) Math.min(1000, limit - printed),
                        follow ? Duration.ofSeconds(1) : Duration.ZERO);
                for (QueueEvent e : got) {
                    print(out, e);
                    position = e.id();
                    printed++;
                }
                out.flush();
                if (got.isEmpty() && !follow) {
                    break;
                }
            }
        }
        return 0;
    }

    private void print(PrintWriter out, QueueEvent e) {
        Map<String, Object> m = fields(e);
        if (json) {
            out.println(Out.JSON.toJson(m));
            return;
        }
        StringBuilder line = new StringBuilder();
        line.append(e.id()).append("  ").append(e.at()).append("  ").append(String.format("%-9s", e.kind().label()))
                .append("  ").append(e.taskId());
        for (String k : List.of("attempt", "percent", "runAt", "error")) {
            Object v = m.get(k);
            if (v != null && !(v instanceof Integer i && i == 0 && k.equals("attempt"))) {
                line.append("  ").append(k).append('=').append(v);
            }
        }
        out.println(line);
    }

    /** An event's fields in print order, with stable names (the JSON form's too). */
    static Map<String, Object> fields(QueueEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("queue", e.queue());
        m.put("kind", e.kind().label());
        m.put("taskId", e.taskId());
        m.put("at", e.at().toString());
        m.put("attempt", e.attempt());
        m.put("percent", e.percent());
        m.put("runAt", e.runAt() == null ? null : e.runAt().toString());
        m.put("error", e.error());
        return m;
    }
}

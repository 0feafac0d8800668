package dev.spool.worker.cli;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.QueueSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code spool configure}: a queue's settings, shown or changed. */
@Command(name = "configure", mixinStandardHelpOptions = true,
        description = "Shows a queue's settings, or changes them for every process: how many events its log keeps "
                + "(--events) and how long finished tasks that set no retention are kept (--retention). Prints the "
                + "settings in effect.")
final class ConfigureCommand extends QueueAdminCommand {
    @Option(names = "--events", paramLabel = "<n|on|off>",
            description = "Events kept in the queue's log: a number, 'on' (" + QueueSettings.DEFAULT_EVENTS_KEPT
                    + ", the default) or 'off' (no log: the last few percent of throughput).")
    String events;

    @Option(names = "--retention", paramLabel = "<duration|none>",
            description = "How long a finished task that sets no retention is kept, for example 1h; 'none' keeps "
                    + "such tasks not at all (the default).")
    String retention;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        String queue = target.require();
        PrintWriter out = spec.commandLine().getOut();
        try (Broker broker = connection.open(BackendConfig.DEFAULT_LEASE)) {
            QueueSettings s = broker.inspector().settings(queue);
            if (events != null || retention != null) {
                try {
                    if (events != null) {
                        s = s.withEventsKept(eventsKept(events));
                    }
                    if (retention != null) {
                        s = s.withRetention(retention.equals("none") ? null : Admin.duration("--retention", retention));
                    }
                } catch (InvalidTaskException e) {
                    throw new ConfigDefaults.UsageException(e.getMessage());
                }
                broker.inspector().configure(queue, s);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("queue", queue);
            m.put("eventsKept", s.eventsKept());
            m.put("retention", s.retention() == null ? null : s.retention().toString());
            if (json) {
                Out.json(out, m);
            } else {
                out.println("queue " + queue + ": event log " + (s.eventsOn() ? "keeps " + s.eventsKept() + " events" : "off")
                        + ", finished tasks without a retention " + (s.retention() == null ? "not kept"
                        : "kept " + s.retention()));
            }
            out.flush();
        }
        return 0;
    }

    private static int eventsKept(String text) {
        switch (text) {
            case "on":
                return QueueSettings.DEFAULT_EVENTS_KEPT;
            case "off":
                return 0;
            default:
                try {
                    return Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw new ConfigDefaults.UsageException("--events is '" + text + "'; give a number of events, on or off");
                }
        }
    }
}

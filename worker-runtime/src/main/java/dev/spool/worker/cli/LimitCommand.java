package dev.spool.worker.cli;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.QueueSettings;
import dev.spool.api.RateLimit;
import dev.spool.api.Task;
import dev.spool.api.TypeLimit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code spool limit set|list}: the rate and concurrency limits of a queue, and of single task types
 * within it, held across every worker.
 */
@Command(name = "limit", mixinStandardHelpOptions = true,
        description = "Rate and concurrency limits of a queue, or of one task type within it, held across every worker "
                + "by the fetch itself: tasks held back stay ready, in order, with no attempt counted.",
        subcommands = {LimitCommand.Set.class, LimitCommand.ListAll.class})
final class LimitCommand extends CommandGroup {

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Sets or clears the limits of a queue, or of one task type in it; prints the queue's limits "
                    + "in effect.")
    static final class Set extends QueueAdminCommand {
        @Option(names = "--type", paramLabel = "<type>",
                description = "Limit only the tasks of this type (the queue's other tasks pass them when they are held "
                        + "back); both limits none removes the type's limits.")
        String type;

        @Option(names = "--rate", paramLabel = "<n/period|none>", descriptionKey = "limit-rate",
                description = "At most n tasks started per period, e.g. 100/1s, 50/s, 1000/1m; none clears it.")
        String rate;

        @Option(names = "--concurrency", paramLabel = "<n|none>", descriptionKey = "limit-concurrency",
                description = "At most n tasks in flight at once; none clears it. (Env SPOOL_LIMIT_CONCURRENCY: the "
                        + "worker's SPOOL_CONCURRENCY is another setting.)")
        String concurrency;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            String queue = target.require();
            if (rate == null && concurrency == null) {
                throw new ConfigDefaults.UsageException("give --rate <n/period|none> and/or --concurrency <n|none>");
            }
            try (Broker broker = connection.open(BackendConfig.DEFAULT_LEASE)) {
                QueueSettings s = broker.inspector().settings(queue);
                try {
                    s = type == null ? withQueueLimits(s) : withTypeLimits(s);
                } catch (InvalidTaskException e) {
                    throw new ConfigDefaults.UsageException(e.getMessage());
                }
                broker.inspector().configure(queue, s);
                print(spec.commandLine().getOut(), json, rows(queue, s));
            }
            return 0;
        }

        private QueueSettings withQueueLimits(QueueSettings s) {
            if (rate != null) {
                s = s.withRate(newRate());
            }
            return concurrency == null ? s : s.withConcurrency(newConcurrency());
        }

        /** The type's limits with what was given changed; none left removes them. */
        private QueueSettings withTypeLimits(QueueSettings s) {
            TypeLimit was = s.typeLimits().get(Task.requireType(type));
            RateLimit r = rate != null ? newRate() : was == null ? null : was.rate();
            int c = concurrency != null ? newConcurrency() : was == null ? 0 : was.concurrency();
            return s.withTypeLimit(type, r == null && c == 0 ? null : new TypeLimit(r, c));
        }

        private RateLimit newRate() {
            return rate.equals("none") ? null : RateLimit.parse(rate);
        }

        private int newConcurrency() {
            return concurrency.equals("none") ? 0 : parseCount(concurrency);
        }

        private static int parseCount(String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new ConfigDefaults.UsageException("--concurrency is '" + text + "'; give a number of tasks, or none");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the limits of every queue that has one: a row for the queue, a row per limited type.")
    static final class ListAll implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            List<Map<String, Object>> rows = new ArrayList<>();
            try (Broker broker = connection.open(BackendConfig.DEFAULT_LEASE)) {
                for (String q : broker.inspector().queues()) {
                    QueueSettings s = broker.inspector().settings(q);
                    rows.addAll(rows(q, s));
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (!json && rows.isEmpty()) {
                out.println("no queue has a limit");
                out.flush();
                return 0;
            }
            print(out, json, rows);
            return 0;
        }
    }

    /**
     * A queue's limits as printed: a row for the queue's own (when it has some), then one per limited
     * type; each with type (null for the whole queue), rate ("100/1s" or null) and concurrency (null for none).
     */
    static List<Map<String, Object>> rows(String queue, QueueSettings s) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (s.rate() != null || s.concurrency() > 0) {
            rows.add(row(queue, null, s.rate(), s.concurrency()));
        }
        rows.addAll(typeRows(queue, s));
        return rows;
    }

    /** The rows of {@link #rows} for the limited types alone. */
    static List<Map<String, Object>> typeRows(String queue, QueueSettings s) {
        List<Map<String, Object>> rows = new ArrayList<>();
        s.typeLimits().forEach((type, l) -> rows.add(row(queue, type, l.rate(), l.concurrency())));
        return rows;
    }

    private static Map<String, Object> row(String queue, String type, RateLimit rate, int concurrency) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queue", queue);
        m.put("type", type);
        m.put("rate", rate == null ? null : rate.toString());
        m.put("concurrency", concurrency == 0 ? null : concurrency);
        return m;
    }

    /** "100/1s, 5 at once", or "-" when the queue has no limit. */
    static String describe(QueueSettings s) {
        List<String> parts = new ArrayList<>();
        if (s.rate() != null) {
            parts.add(s.rate().toString());
        }
        if (s.concurrency() > 0) {
            parts.add(s.concurrency() + " at once");
        }
        if (!s.typeLimits().isEmpty()) {
            parts.add(s.typeLimits().size() + (s.typeLimits().size() == 1 ? " type" : " types") + " limited");
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    private static void print(PrintWriter out, boolean json, List<Map<String, Object>> rows) {
        if (json) {
            Out.json(out, rows);
            return;
        }
        List<List<String>> table = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            table.add(List.of(String.valueOf(r.get("queue")), r.get("type") == null ? "*" : String.valueOf(r.get("type")),
                    r.get("rate") == null ? "-" : String.valueOf(r.get("rate")),
                    r.get("concurrency") == null ? "-" : String.valueOf(r.get("concurrency"))));
        }
        Out.table(out, List.of("QUEUE", "TYPE", "RATE", "CONCURRENCY"), table);
    }
}

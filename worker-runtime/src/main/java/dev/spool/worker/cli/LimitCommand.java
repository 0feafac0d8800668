package dev.spool.worker.cli;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.QueueSettings;
import dev.spool.api.RateLimit;
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

/** {@code spool limit set|list}: a queue's rate and concurrency limits, held across every worker. */
@Command(name = "limit", mixinStandardHelpOptions = true,
        description = "Rate and concurrency limits of a queue, held across every worker by the fetch itself: tasks "
                + "held back stay ready, in order, with no attempt counted.",
        subcommands = {LimitCommand.Set.class, LimitCommand.ListAll.class})
final class LimitCommand extends CommandGroup {

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Sets or clears a queue's limits; prints the limits in effect.")
    static final class Set extends QueueAdminCommand {
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
                    if (rate != null) {
                        s = s.withRate(rate.equals("none") ? null : RateLimit.parse(rate));
                    }
                    if (concurrency != null) {
                        s = s.withConcurrency(concurrency.equals("none") ? 0 : parseCount(concurrency));
                    }
                } catch (InvalidTaskException e) {
                    throw new ConfigDefaults.UsageException(e.getMessage());
                }
                broker.inspector().configure(queue, s);
                print(spec.commandLine().getOut(), json, List.of(row(queue, s)));
            }
            return 0;
        }

        private static int parseCount(String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new ConfigDefaults.UsageException("--concurrency is '" + text + "'; give a number of tasks, or none");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the queues that have a limit.")
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
                    if (s.limited()) {
                        rows.add(row(q, s));
                    }
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

    /** A queue's limits as printed: rate ("100/1s" or null) and concurrency (null for none). */
    static Map<String, Object> row(String queue, QueueSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queue", queue);
        m.put("rate", s.rate() == null ? null : s.rate().toString());
        m.put("concurrency", s.concurrency() == 0 ? null : s.concurrency());
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
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    private static void print(PrintWriter out, boolean json, List<Map<String, Object>> rows) {
        if (json) {
            Out.json(out, rows);
            return;
        }
        List<List<String>> table = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            table.add(List.of(String.valueOf(r.get("queue")), r.get("rate") == null ? "-" : String.valueOf(r.get("rate")),
                    r.get("concurrency") == null ? "-" : String.valueOf(r.get("concurrency"))));
        }
        Out.table(out, List.of("QUEUE", "RATE", "CONCURRENCY"), table);
    }
}

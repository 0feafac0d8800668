package dev.spool.worker.cli;

import dev.spool.api.Broker;
import dev.spool.api.DeadLetter;
import dev.spool.api.Task;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code spool dead list|requeue|delete}. */
@Command(name = "dead", mixinStandardHelpOptions = true, description = "Lists, requeues or deletes dead letters.",
        subcommands = {DeadCommand.ListDead.class, DeadCommand.Requeue.class, DeadCommand.Delete.class})
final class DeadCommand extends CommandGroup {

    /** One dead letter (--id) or all of them (--all). */
    static final class Which {
        @Option(names = "--id", paramLabel = "<task-id>", required = true, description = "One dead letter.")
        String id;

        @Option(names = "--all", required = true, description = "Every dead letter of the queue.")
        boolean all;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists dead letters, newest first.")
    static final class ListDead extends QueueAdminCommand {
        String queue;

        @Option(names = "--limit", paramLabel = "<n>", description = "At most this many. Default: 50.")
        int limit;

        @Option(names = "--offset", paramLabel = "<n>", description = "Skip this many. Default: 0.")
        int offset;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            queue = target.require();
            PrintWriter out = spec.commandLine().getOut();
            try (Broker broker = connection.open(dev.spool.api.BackendConfig.DEFAULT_LEASE)) {
                List<DeadLetter> dead = broker.inspector().deadLetters(queue, offset, limit);
                if (json) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (DeadLetter d : dead) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("queue", d.queue());
                        m.put("id", d.id());
                        m.put("type", d.type());
                        m.put("attempts", d.attempts());
                        m.put("failedAt", d.failedAt());
                        m.put("error", d.error());
                        m.put("payload", d.task() == null ? null : d.task().payload());
                        m.put("raw", d.raw());
                        rows.add(m);
                    }
                    Out.json(out, rows);
                } else if (dead.isEmpty()) {
                    out.println("no dead letters in queue " + queue);
                    out.flush();
                } else {
                    List<List<String>> rows = new ArrayList<>();
                    for (DeadLetter d : dead) {
                        rows.add(List.of(d.id(), String.valueOf(d.type()), "" + d.attempts(), String.valueOf(d.failedAt()),
                                String.valueOf(d.error())));
                    }
                    Out.table(out, List.of("ID", "TYPE", "ATTEMPTS", "FAILED-AT", "ERROR"), rows);
                }
            }
            return 0;
        }
    }

    /** What requeue and delete share. */
    abstract static class Change extends QueueAdminCommand {
        String queue;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        @Override
        public Integer call() {
            queue = target.require();
            PrintWriter out = spec.commandLine().getOut();
            try (Broker broker = connection.open(dev.spool.api.BackendConfig.DEFAULT_LEASE)) {
                if (which.all) {
                    out.println(verb() + " " + all(broker) + " dead letter(s) of queue " + queue);
                    out.flush();
                    return 0;
                }
                if (one(broker, which.id)) {
                    out.println(verb() + " dead letter " + which.id + " of queue " + queue);
                    out.flush();
                    return 0;
                }
                spec.commandLine().getErr().println("spool dead: no dead letter " + which.id + " in queue " + queue
                        + "; see spool dead list --queue " + queue);
                spec.commandLine().getErr().flush();
                return 1;
            }
        }

        abstract String verb();

        abstract long all(Broker broker);

        abstract boolean one(Broker broker, String id);
    }

    @Command(name = "requeue", mixinStandardHelpOptions = true,
            description = "Moves dead letters back to the ready queue with fresh attempts.")
    static final class Requeue extends Change {
        @Override
        String verb() {
            return "requeued";
        }

        @Override
        long all(Broker broker) {
            return broker.inspector().requeueAllDead(queue);
        }

        @Override
        boolean one(Broker broker, String id) {
            return broker.inspector().requeueDead(queue, id);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes dead letters.")
    static final class Delete extends Change {
        @Override
        String verb() {
            return "deleted";
        }

        @Override
        long all(Broker broker) {
            return broker.inspector().deleteAllDead(queue);
        }

        @Override
        boolean one(Broker broker, String id) {
            return broker.inspector().deleteDead(queue, id);
        }
    }
}

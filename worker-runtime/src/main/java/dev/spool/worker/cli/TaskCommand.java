package dev.spool.worker.cli;

import com.google.gson.JsonParser;
import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.QueueInspector;
import dev.spool.api.Task;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskProgress;
import dev.spool.api.TaskState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code spool task list|show|cancel|run-now|delete}: a queue's tasks page by page, and one task by id. */
@Command(name = "task", mixinStandardHelpOptions = true,
        description = "Lists a queue's tasks in one state, page by page; shows, cancels, runs now or deletes one task by its id.",
        subcommands = {TaskCommand.ListPage.class, TaskCommand.Show.class, TaskCommand.Cancel.class, TaskCommand.RunNow.class,
                TaskCommand.Delete.class})
final class TaskCommand extends CommandGroup {
    /** Exit code of the commands on one task when the queue holds no task of that id. */
    static final int UNKNOWN = 3;

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists a page of a queue's tasks in one state: ready (in the order workers take them), scheduled "
                    + "(by when due), running (by lease deadline) or dead (newest first). A page costs the same on a queue "
                    + "of millions: it never scans the queue.")
    static final class ListPage extends QueueAdminCommand {
        @Option(names = "--state", paramLabel = "<state>", required = true,
                description = "ready, scheduled, running or dead.")
        String state;

        @Option(names = "--offset", paramLabel = "<n>", defaultValue = "0", description = "Tasks to skip (default 0).")
        int offset;

        @Option(names = "--limit", paramLabel = "<n>", defaultValue = "20", description = "Tasks per page, 1 to 1000 "
                + "(default 20).")
        int limit;

        @Option(names = "--json", description = "Print JSON: every field of spool task show, per task.")
        boolean json;

        @Override
        public Integer call() {
            String queue = target.require();
            TaskState s = Arrays.stream(TaskState.values()).filter(v -> v.label().equals(state)).findFirst()
                    .orElseThrow(() -> new ConfigDefaults.UsageException("--state is '" + state
                            + "'; give ready, scheduled, running or dead"));
            List<TaskInfo> page;
            try (Broker broker = connection.open(BackendConfig.DEFAULT_LEASE)) {
                page = broker.inspector().tasks(queue, s, offset, limit);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Out.json(out, page.stream().map(TaskCommand::fields).toList());
                return 0;
            }
            if (page.isEmpty()) {
                out.println("no " + state + " tasks in queue " + queue + (offset > 0 ? " from offset " + offset : ""));
                out.flush();
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (TaskInfo t : page) {
                rows.add(List.of(t.id(), String.valueOf(t.type()), t.attempts() + "/" + t.maxAttempts(),
                        String.valueOf(switch (s) {
                            case SCHEDULED -> t.runAt();
                            case RUNNING -> t.leaseDeadline();
                            case DEAD -> t.finishedAt();
                            default -> t.createdAt();
                        }), t.lastError() == null ? "-" : t.lastError().lines().findFirst().orElse("")));
            }
            String when = switch (s) {
                case SCHEDULED -> "DUE";
                case RUNNING -> "LEASE-DEADLINE";
                case DEAD -> "FAILED-AT";
                default -> "CREATED";
            };
            Out.table(out, List.of("ID", "TYPE", "ATTEMPTS", when, "LAST-ERROR"), rows);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows a task's state (scheduled, ready, running, dead, succeeded, cancelled), attempts, times, last "
                    + "error, progress, result and payload. Exit code 3 when the queue holds no task of that id (unknown, "
                    + "finished without a retention, or purged).")
    static final class Show extends QueueAdminCommand {
        String queue;

        @Option(names = "--id", paramLabel = "<task-id>", required = true, description = "The task id.")
        String id;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            queue = target.require();
            Task.requireTaskId(id);
            PrintWriter out = spec.commandLine().getOut();
            Optional<TaskInfo> found;
            try (Broker broker = connection.open(BackendConfig.DEFAULT_LEASE)) {
                found = broker.inspector().task(queue, id);
            }
            if (found.isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("spool task: queue " + queue + " holds no task " + id
                        + " (never enqueued there, finished, or purged); dead letters: spool dead list --queue " + queue);
                err.flush();
                return UNKNOWN;
            }
            Map<String, Object> fields = fields(found.get());
            if (json) {
                Out.json(out, fields);
            } else {
                List<List<String>> rows = new ArrayList<>();
                fields.forEach((k, v) -> {
                    if (v != null) {
                        rows.add(List.of(k, String.valueOf(v)));
                    }
                });
                Out.table(out, List.of("FIELD", "VALUE"), rows);
            }
            return 0;
        }
    }

    /** What a command on one task did: exit code 0 and a line for standard output, or 1 or 3 and one for standard error. */
    record Outcome(int code, String line) {
        static Outcome done(String line) {
            return new Outcome(0, line);
        }

        static Outcome refused(String line) {
            return new Outcome(1, line);
        }

        static Outcome unknown(String queue, String id) {
            return new Outcome(UNKNOWN, "queue " + queue + " holds no task " + id);
        }
    }

    /** A command that acts on one task, named by --queue and --id. */
    abstract static class OneTask extends QueueAdminCommand {
        @Option(names = "--id", paramLabel = "<task-id>", required = true, description = "The task id.")
        String id;

        abstract Outcome apply(QueueInspector inspector, String queue);

        @Override
        public Integer call() {
            String queue = target.require();
            Task.requireTaskId(id);
            Outcome o;
            try (Broker broker = connection.open(BackendConfig.DEFAULT_LEASE)) {
                o = apply(broker.inspector(), queue);
            }
            PrintWriter w = o.code() == 0 ? spec.commandLine().getOut() : spec.commandLine().getErr();
            w.println(o.code() == 0 ? o.line() : "spool task: " + o.line());
            w.flush();
            return o.code();
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancels a task: a scheduled or ready one is removed at once and never runs; a running one is "
                    + "stopped by its worker within about a second (its handler sees isCancelled() and is interrupted) "
                    + "and is never retried. Exit code 1 when the task is already final (dead, or kept after it "
                    + "finished), 3 when the queue holds no task of that id.")
    static final class Cancel extends OneTask {
        @Override
        Outcome apply(QueueInspector inspector, String queue) {
            return switch (inspector.cancel(queue, id)) {
                case CANCELLED -> Outcome.done("cancelled task " + id + " of queue " + queue + ": it will not run");
                case REQUESTED -> Outcome.done("cancel requested for running task " + id + " of queue " + queue
                        + ": its worker stops it within about a second");
                case ALREADY_FINAL -> Outcome.refused("task " + id + " of queue " + queue
                        + " is already final (dead or finished); see spool task show --queue " + queue + " --id " + id);
                case NOT_FOUND -> Outcome.unknown(queue, id);
            };
        }
    }

    @Command(name = "run-now", mixinStandardHelpOptions = true,
            description = "Runs a scheduled task (delayed, or waiting for a retry) now: it becomes ready where its runAt "
                    + "would have put it, with its attempts and unique key unchanged. Exit code 1 when the task is not "
                    + "scheduled (ready, running, dead or finished: nothing changed), 3 when there is no such task.")
    static final class RunNow extends OneTask {
        @Override
        Outcome apply(QueueInspector inspector, String queue) {
            return switch (inspector.runNow(queue, id)) {
                case READY -> Outcome.done("task " + id + " of queue " + queue + " is ready: the next free worker runs it");
                case NOT_SCHEDULED -> Outcome.refused("task " + id + " of queue " + queue + " is not scheduled "
                        + "(nothing changed); see spool task show --queue " + queue + " --id " + id);
                case NOT_FOUND -> Outcome.unknown(queue, id);
            };
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes a task that is scheduled, ready, dead, or kept after it finished, with its error, "
                    + "progress, result and unique key. A running task is not deleted (exit code 1): cancel it with "
                    + "spool task cancel. Exit code 3 when there is no such task.")
    static final class Delete extends OneTask {
        @Override
        Outcome apply(QueueInspector inspector, String queue) {
            return switch (inspector.delete(queue, id)) {
                case DELETED -> Outcome.done("deleted task " + id + " of queue " + queue);
                case RUNNING -> Outcome.refused("task " + id + " of queue " + queue + " is running and was not "
                        + "deleted; stop it with spool task cancel --queue " + queue + " --id " + id);
                case NOT_FOUND -> Outcome.unknown(queue, id);
            };
        }
    }

    /** A progress report as {percent, detail (the JSON value), at}; null for none. */
    private static Map<String, Object> progress(TaskProgress p) {
        if (p == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("percent", p.percent());
        if (p.detail() != null) {
            m.put("detail", JsonParser.parseString(p.detail()));
        }
        m.put("at", p.at());
        return m;
    }

    /** The fields of {@code info} in display order, with stable names (the JSON form's too). */
    static Map<String, Object> fields(TaskInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        Task t = info.task();
        m.put("queue", info.queue());
        m.put("id", info.id());
        m.put("state", info.state().label());
        m.put("type", info.type());
        m.put("attempts", info.attempts());
        m.put("maxAttempts", info.maxAttempts());
        m.put("priority", t == null ? null : t.priority());
        m.put("createdAt", info.createdAt());
        m.put("runAt", info.runAt());
        m.put("startedAt", info.startedAt());
        m.put("leaseDeadline", info.leaseDeadline());
        m.put("holder", info.holder());
        m.put("finishedAt", info.finishedAt());
        m.put("lastError", info.lastError());
        m.put("result", info.result() == null ? null : JsonParser.parseString(info.result())); // the value, not a string
        m.put("progress", progress(info.progress()));
        m.put("retention", t == null ? null : t.retention());
        m.put("expiresAt", t == null ? null : t.expiresAt());
        m.put("uniqueKey", t == null ? null : t.uniqueKey());
        m.put("headers", t == null || t.headers().isEmpty() ? null : t.headers());
        m.put("payload", t == null ? null : t.payload());
        m.put("raw", info.raw());
        return m;
    }
}

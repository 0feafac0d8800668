package dev.spool.worker.cli;

import dev.spool.api.Broker;
import dev.spool.api.EnqueueResult;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code spool enqueue}: one task from options, or many from a JSON-lines file. */
@Command(name = "enqueue", mixinStandardHelpOptions = true,
        description = {"Enqueues one task (--type, --payload, ...) or every line of a JSON-lines file (--file).",
                "File lines: {\"type\":\"t\",\"payload\":{...},\"queue\":\"q\",\"priority\":5,\"delay\":\"30s\",",
                "\"runAt\":\"2030-01-01T00:00:00Z\",\"maxAttempts\":3,\"timeout\":\"5m\",\"uniqueKey\":\"k\",",
                "\"uniqueFor\":\"1h\",\"retention\":\"1d\",\"headers\":{\"k\":\"v\"},\"id\":\"...\"}. Bad lines are reported with their",
                "number and reason (exit 1) and never stop the good ones."})
final class EnqueueCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(names = "--queue", paramLabel = "<q>", description = "Queue. Env SPOOL_QUEUE. Default: default.")
    String queue;

    @Mixin
    TaskOptions task;

    @Option(names = "--delay", paramLabel = "<duration>", description = "Run no sooner than this from now.")
    String delay;

    @Option(names = "--unique-key", paramLabel = "<key>", description = "Refuse a duplicate while one with this key is pending.")
    String uniqueKey;

    @Option(names = "--unique-for", paramLabel = "<duration>", description = "Hold the unique key this long after enqueue.")
    String uniqueFor;

    @Option(names = "--expires-in", paramLabel = "<duration>",
            description = "Not started once this has passed from now: then a dead letter 'expired' (or dropped, with --drop-expired).")
    String expiresIn;

    @Option(names = "--drop-expired", description = "With --expires-in: drop the task when it expires instead of dead-lettering it.")
    boolean dropExpired;

    @Option(names = "--file", paramLabel = "<tasks.jsonl>", description = "JSON-lines file of tasks, - for standard input.")
    String file;

    @Option(names = "--batch-size", paramLabel = "<n>", description = "Tasks per enqueueAll round trip. Default: 500.")
    int batchSize;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (file == null && task.type == null) {
            throw new ConfigDefaults.UsageException("give --type (and --payload) for one task, or --file <tasks.jsonl> for many");
        }
        if (file != null && task.type != null) {
            throw new ConfigDefaults.UsageException("give either --type for one task or --file for many, not both");
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new ConfigDefaults.UsageException("--batch-size is " + batchSize + "; use 1 to 10000");
        }
        Task single = file == null ? single() : null; // validate before connecting
        try (Broker broker = connection.open(dev.spool.api.BackendConfig.DEFAULT_LEASE)) {
            if (single != null) {
                EnqueueResult r = broker.queue(queue).enqueue(single);
                if (json) {
                    Map<String, Object> reply = new LinkedHashMap<>(); // duplicateOf may be null: printed as JSON null
                    reply.put("queue", queue);
                    reply.put("status", r.status().name());
                    reply.put("id", r.taskId());
                    reply.put("duplicateOf", r.duplicateOf());
                    Out.json(out, reply);
                } else if (r.accepted()) {
                    out.println("accepted " + r.taskId() + " on queue " + queue);
                } else {
                    out.println("duplicate: not stored; unique key '" + single.uniqueKey() + "' is held by task "
                            + r.duplicateOf());
                }
                out.flush();
                return 0;
            }
            return many(broker, out);
        }
    }

    private Task single() {
        Task.Builder b = task.builder().uniqueKey(uniqueKey);
        if (delay != null) b.delay(Admin.duration("--delay", delay));
        if (uniqueFor != null) b.uniqueFor(Admin.duration("--unique-for", uniqueFor));
        if (expiresIn != null) b.expiresIn(Admin.duration("--expires-in", expiresIn));
        if (dropExpired) b.dropExpired(true);
        Task.requireQueueName(queue);
        return b.build();
    }

    private int many(Broker broker, PrintWriter out) throws IOException {
        EnqueueReport report = new EnqueueReport();
        Map<String, List<TaskLines.Parsed>> pending = new LinkedHashMap<>();
        try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
            new TaskLines(in, queue).readAll(new TaskLines.Sink() {
                @Override
                public void task(TaskLines.Parsed p) {
                    List<TaskLines.Parsed> batch = pending.computeIfAbsent(p.queue(), q -> new ArrayList<>());
                    batch.add(p);
                    if (batch.size() >= batchSize) {
                        flush(broker, p.queue(), batch, report);
                    }
                }

                @Override
                public void rejected(long line, String reason) {
                    report.rejected(line, reason);
                }
            });
        } catch (NoSuchFileException e) {
            throw new ConfigDefaults.UsageException("--file " + file + " does not exist");
        }
        pending.forEach((q, batch) -> flush(broker, q, batch, report));
        report.print(out, spec.commandLine().getErr(), file.equals("-") ? "standard input" : file, json);
        return report.rejectedCount() == 0 ? 0 : 1;
    }

    /** Sends one batch; if the backend refuses it as a whole, sends its tasks one by one to name the bad line. */
    private static void flush(Broker broker, String queue, List<TaskLines.Parsed> batch, EnqueueReport report) {
        if (batch.isEmpty()) {
            return;
        }
        List<Task> tasks = batch.stream().map(TaskLines.Parsed::task).toList();
        try {
            List<EnqueueResult> results = broker.queue(queue).enqueueAll(tasks);
            for (int i = 0; i < results.size(); i++) {
                report.result(batch.get(i).line(), results.get(i));
            }
        } catch (InvalidTaskException e) {
            for (TaskLines.Parsed p : batch) {
                try {
                    report.result(p.line(), broker.queue(queue).enqueue(p.task()));
                } catch (InvalidTaskException one) {
                    report.rejected(p.line(), one.getMessage());
                }
            }
        }
        batch.clear();
    }
}

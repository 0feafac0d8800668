package dev.spool.worker.cli;

import dev.spool.api.Task;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of one task's fields, shared (as a picocli mixin) by {@code spool enqueue} and the
 * template of {@code spool cron add}: type, payload, priority, max attempts, timeout, retention and
 * headers. The commands add what is theirs (enqueue: delay, unique key, deadline; cron: the ticks).
 */
final class TaskOptions {
    @Option(names = "--type", paramLabel = "<type>", description = "Task type.")
    String type;

    @Option(names = "--payload", paramLabel = "<json>", description = "JSON payload. Default: {}.")
    String payload;

    @Option(names = "--priority", paramLabel = "<0-9>", description = "Priority, 9 first. Default: 0.")
    int priority;

    @Option(names = "--retention", paramLabel = "<duration>",
            description = "Keep the task this long after it succeeded, with its result (spool task show). Default: not kept.")
    String retention;

    @Option(names = "--max-attempts", paramLabel = "<n>", description = "Deliveries before dead-lettering. Default: 10.")
    Integer maxAttempts;

    @Option(names = "--timeout", paramLabel = "<duration>", description = "Timeout of one attempt. Default: the worker's.")
    String timeout;

    @Option(names = "--header", paramLabel = "<name=value>", description = "A header, repeatable.")
    Map<String, String> headers = new LinkedHashMap<>();

    /** A builder with these fields set (checked by its {@code build()}; a bad duration is bad usage). */
    Task.Builder builder() {
        Task.Builder b = Task.builder(type).payload(payload == null ? "{}" : payload).priority(priority).headers(headers);
        if (retention != null) b.retention(Admin.duration("--retention", retention));
        if (maxAttempts != null) b.maxAttempts(maxAttempts);
        if (timeout != null) b.timeout(Admin.duration("--timeout", timeout));
        return b;
    }
}

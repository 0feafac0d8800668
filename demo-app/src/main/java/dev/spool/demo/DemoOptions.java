package dev.spool.demo;

import dev.spool.api.Durations;
import dev.spool.api.SpoolException;
import dev.spool.api.Task;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.time.Duration;
import java.util.List;

/** The options of the commands that talk to a backend, and their checks. */
final class DemoOptions {
    static final List<String> BACKENDS = List.of("redis-list", "redis-stream", "inmemory");

    @Option(names = "--redis", paramLabel = "<url>",
            description = "Use this Redis instead of starting an embedded one: redis://[user:password@]host:port[/db].")
    String redis;

    @Option(names = "--backend", paramLabel = "<name>", defaultValue = "redis-list",
            description = "redis-list, redis-stream or inmemory (default: ${DEFAULT-VALUE}).")
    String backend;

    @Mixin
    PlanOptions planOptions;

    @Option(names = "--queue", paramLabel = "<name>", defaultValue = "logs",
            description = "The queue the tasks go through (default: ${DEFAULT-VALUE}).")
    String queue;

    @Option(names = "--timeout", paramLabel = "<duration>", defaultValue = "2m",
            description = "Give up when the run has not finished after this long, e.g. 90s or 5m (default: ${DEFAULT-VALUE}).")
    String timeout;

    /** Checks the values; a bad one is a usage error naming the option. */
    void validate(CommandSpec spec) {
        if (!BACKENDS.contains(backend)) {
            throw usage(spec, "--backend is '" + backend + "'; use one of " + String.join(", ", BACKENDS));
        }
        if (backend.equals("inmemory") && redis != null) {
            throw usage(spec, "--redis cannot be used with --backend inmemory (that backend lives in this JVM)");
        }
        planOptions.validate(spec);
        try {
            Task.requireQueueName(queue);
        } catch (SpoolException e) {
            throw usage(spec, "--queue: " + e.getMessage());
        }
        try {
            if (timeout().isZero()) {
                throw usage(spec, "--timeout is 0; give a positive duration such as 2m");
            }
        } catch (SpoolException e) {
            throw usage(spec, e.getMessage());
        }
        if (redis != null && !(redis.startsWith("redis://") || redis.startsWith("rediss://"))) {
            throw usage(spec, "--redis is '" + dev.spool.api.BackendConfig.redact(redis)
                    + "'; write a URL such as redis://127.0.0.1:6379");
        }
    }

    /** The {@code --timeout} value. */
    Duration timeout() {
        return Durations.parse("--timeout", timeout);
    }

    /** What the run writes. */
    DemoPlan plan() {
        return planOptions.plan();
    }

    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

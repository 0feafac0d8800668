package dev.spool.demo;

import dev.spool.api.Durations;
import dev.spool.api.SpoolException;
import dev.spool.api.Task;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The options every demo command shares, and their checks. */
final class DemoOptions {
    static final List<String> BACKENDS = List.of("redis-list", "redis-stream", "inmemory");

    @Option(names = "--redis", paramLabel = "<url>",
            description = "Use this Redis instead of starting an embedded one: redis://[user:password@]host:port[/db].")
    String redis;

    @Option(names = "--backend", paramLabel = "<name>", defaultValue = "redis-list",
            description = "redis-list, redis-stream or inmemory (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--files", paramLabel = "<n>", defaultValue = "40",
            description = "Log files to generate and parse (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--lines", paramLabel = "<n>", defaultValue = "3000",
            description = "Lines per log file (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = "--out", paramLabel = "<dir>", defaultValue = "${sys:java.io.tmpdir}/spool-demo",
            description = "Where the logs, their .stats.json and report.json go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", paramLabel = "<n>", defaultValue = "42",
            description = "Random seed: one seed, the same logs and statistics (default: ${DEFAULT-VALUE}).")
    long seed;

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
        if (files < 1 || files > 9999) {
            throw usage(spec, "--files is " + files + "; use 1 to 9999");
        }
        if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
            throw usage(spec, "--out " + out + " is a file; give a directory (it is created when missing)");
        }
        if (lines < 1 || lines > 10_000_000) {
            throw usage(spec, "--lines is " + lines + "; use 1 to 10000000");
        }
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
        return new DemoPlan(out, files, lines, seed);
    }

    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

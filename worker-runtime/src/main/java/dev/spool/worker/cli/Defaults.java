package dev.spool.worker.cli;

import dev.spool.api.Durations;
import dev.spool.api.TaskDefaults;

import java.util.Map;

/** The built-in default of every option that has one (the last step of {@link ConfigDefaults}). */
final class Defaults {
    static final Map<String, String> VALUES = Map.ofEntries(
            Map.entry("backend", "redis-list"),
            Map.entry("redis", "redis://127.0.0.1:6379"),
            Map.entry("connect-timeout", "5s"),
            Map.entry("queues", "default"),
            Map.entry("queue", "default"),
            Map.entry("concurrency", "10"),
            Map.entry("handlers", "handlers"),
            Map.entry("lease", Durations.format(TaskDefaults.LEASE)),
            Map.entry("grace", "25s"),
            Map.entry("task-timeout", Durations.format(TaskDefaults.TIMEOUT)),
            Map.entry("heartbeat", "5s"),
            Map.entry("retry-delay", "1s"),
            Map.entry("retry-max-delay", "1h"),
            Map.entry("retry-max-attempts", Integer.toString(TaskDefaults.MAX_ATTEMPTS)),
            Map.entry("metrics-host", "127.0.0.1"),
            Map.entry("unhealthy-after", "30s"),
            Map.entry("payload", "{}"),
            Map.entry("priority", "0"),
            Map.entry("batch-size", "500"),
            Map.entry("limit", "50"),
            Map.entry("offset", "0"));

    private Defaults() {
    }

    static String of(String name) {
        return VALUES.get(name);
    }
}

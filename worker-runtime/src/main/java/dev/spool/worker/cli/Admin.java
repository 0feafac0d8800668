package dev.spool.worker.cli;

import dev.spool.api.Task;

/** Checks shared by the administration commands. */
final class Admin {
    private Admin() {
    }

    /** Parses a duration option; a malformed one is bad usage (exit code 2). */
    static java.time.Duration duration(String option, String text) {
        try {
            return dev.spool.api.Durations.parse(option, text);
        } catch (dev.spool.api.SpoolException e) {
            throw new ConfigDefaults.UsageException(e.getMessage());
        }
    }

    /** Refuses a missing or malformed --queue with exit code 2. */
    static String requireQueue(String queue) {
        if (queue == null) {
            throw new ConfigDefaults.UsageException("missing required option --queue <q> (or SPOOL_ADMIN_QUEUE)");
        }
        return Task.requireQueueName(queue);
    }
}

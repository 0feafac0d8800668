package dev.spool.worker.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --queue} option of the administration commands, a picocli mixin. Read from
 * {@code SPOOL_ADMIN_QUEUE}, never {@code SPOOL_QUEUE}: a queue meant for {@code enqueue} must not
 * choose the queue a {@code purge} deletes.
 */
final class AdminQueue {
    @Option(names = "--queue", paramLabel = "<q>", descriptionKey = "admin-queue",
            description = "The queue (required). Env SPOOL_ADMIN_QUEUE.")
    String name;

    /** The queue; a missing or malformed one is bad usage (exit code 2). */
    String require() {
        return Admin.requireQueue(name);
    }
}

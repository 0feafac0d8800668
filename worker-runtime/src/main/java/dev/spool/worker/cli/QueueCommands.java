package dev.spool.worker.cli;

import dev.spool.api.Broker;
import dev.spool.api.Task;
import picocli.CommandLine.Command;


/** {@code spool purge}, {@code spool pause} and {@code spool resume}. */
final class QueueCommands {
    private QueueCommands() {
    }

    /** What the three share: open the backend, apply the change, print what it did. */
    abstract static class Base extends QueueAdminCommand {
        String queue;

        @Override
        public Integer call() {
            queue = target.require();
            try (Broker broker = connection.open(dev.spool.api.BackendConfig.DEFAULT_LEASE)) {
                spec.commandLine().getOut().println(apply(broker));
                spec.commandLine().getOut().flush();
            }
            return 0;
        }

        abstract String apply(Broker broker);
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Deletes every ready and delayed task of a queue (not those in flight, not dead letters).")
    static final class Purge extends Base {
        @Override
        String apply(Broker broker) {
            return "purged " + broker.inspector().purge(queue) + " task(s) from queue " + queue;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Stops workers from fetching a queue's tasks; enqueue goes on.")
    static final class Pause extends Base {
        @Override
        String apply(Broker broker) {
            broker.inspector().pause(queue);
            return "paused queue " + queue;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Undoes pause.")
    static final class Resume extends Base {
        @Override
        String apply(Broker broker) {
            broker.inspector().resume(queue);
            return "resumed queue " + queue;
        }
    }
}

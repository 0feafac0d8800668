package dev.spool.worker.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * What every command acting on one queue has (picocli reads annotated fields of superclasses too):
 * its spec, for its output streams; the connection options; and the {@code --queue} option
 * ({@link AdminQueue}). The task, dead-letter, events, configure, purge, pause and resume commands
 * extend it.
 */
abstract class QueueAdminCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Mixin
    AdminQueue target;
}

package dev.spool.demo;

import dev.spool.api.BackendConfig;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.nio.file.Files;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code java -jar spool-demo.jar}: the log pipeline demo. Without a command it runs everything
 * in this process on an embedded Redis; {@code produce} only enqueues, for workers elsewhere.
 * A bad option prints one line and exits 2; a failure (Redis unreachable, the run's check
 * failed) prints one line and exits 1.
 */
@Command(name = "spool-demo", mixinStandardHelpOptions = true, version = "spool-demo 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true, subcommands = {ProduceCommand.class, TasksCommand.class, RedisCommand.class},
        description = {
                "The Spool demo: generates log files and parses them as background tasks, on an embedded Redis.%n",
                "Each generate_log_file task writes a seeded log and enqueues a parse_log_file task, which stores "
                        + "<file>.stats.json next to it; the summary merges them. Every 7th file fails once and is "
                        + "retried; one task asks for a file that does not exist and is dead-lettered.%n"})
public final class DemoCli implements Callable<Integer> {
    /** Exit code of a run whose check passed. */
    static final int OK = 0;
    /** Exit code of a failure: Redis unreachable, a run that did not finish or whose check failed. */
    static final int FAILED = 1;
    /** Exit code of a bad command line. */
    static final int USAGE = 2;

    @Mixin
    DemoOptions options;

    @Option(names = "--workers", paramLabel = "<n>", defaultValue = "4",
            description = "Handler threads of the in-process worker (default: ${DEFAULT-VALUE}).")
    int workers;

    @Spec
    CommandSpec spec;

    final PrintStream out;
    final boolean terminal;

    DemoCli(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
        options.validate(spec);
        if (workers < 1 || workers > 256) {
            throw DemoOptions.usage(spec, "--workers is " + workers + "; use 1 to 256");
        }
        return new LocalRun(options, workers, out, terminal).run();
    }

    /** Runs the demo and exits with its code. */
    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "spool-demo-logback.xml");
        }
        System.exit(execute(args, System.out, System.err, System.console() != null));
    }

    /** Runs the demo as {@link #main} does, without exiting; returns the exit code. */
    static int execute(String[] args, PrintStream out, PrintStream err, boolean terminal) {
        CommandLine cli = new CommandLine(new DemoCli(out, terminal));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, a) -> {
            List<String> suggestions = e instanceof UnmatchedArgumentException u ? u.getSuggestions() : List.of();
            err.println("spool-demo: " + e.getMessage()
                    + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?")
                    + " (see --help)");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof dev.spool.api.SpoolException || e instanceof java.io.IOException) {
                err.println("spool-demo: " + describe(e));
            } else { // a bug: keep the console to one line, and the stack trace in the run's log
                LoggerFactory.getLogger(DemoCli.class).warn("the demo failed", e);
                err.println("spool-demo: " + describe(e) + " (the stack trace is in "
                        + System.getProperty("spool.demo.log", "the run's log") + ")");
            }
            return FAILED;
        });
        return cli.execute(args);
    }

    /** Sends the run's log (see spool-demo-logback.xml) to {@code spool-demo.log} in the output directory. */
    static void logTo(DemoPlan plan) throws java.io.IOException {
        Files.createDirectories(plan.out());
        if (System.getProperty("spool.demo.log") == null) {
            System.setProperty("spool.demo.log", plan.out().resolve("spool-demo.log").toString());
        }
    }

    /** One line saying what went wrong: the message, never a stack trace, never a password. */
    static String describe(Throwable e) {
        Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        } else if (!(t instanceof dev.spool.api.SpoolException)) {
            message = t.getClass().getSimpleName() + ": " + message;
        }
        return BackendConfig.redact(message.replace('\n', ' '));
    }
}

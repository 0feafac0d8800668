package dev.spool.worker.cli;

import dev.spool.api.BackendConfig;
import dev.spool.api.InvalidTaskException;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The {@code spool} command line: {@code java -jar spool.jar <command>}. Exit codes: 0 success,
 * 1 failure (the backend is unreachable, a task line was rejected, ...), 2 bad usage (a missing or
 * malformed option, an unknown backend or command). Errors are one line on standard error, with
 * any password masked, never a stack trace (set {@code SPOOL_DEBUG=1} for one).
 */
@Command(name = "spool", mixinStandardHelpOptions = true, versionProvider = SpoolCli.Version.class,
        description = "Background tasks for the JVM on Redis: run workers, enqueue and inspect tasks.",
        subcommands = {WorkerCommand.class, EnqueueCommand.class, StatsCommand.class, WorkersCommand.class,
                DeadCommand.class, TaskCommand.class, EventsCommand.class, CronCommand.class, LimitCommand.class, ConfigureCommand.class, DashboardCommand.class, QueueCommands.Purge.class,
                QueueCommands.Pause.class, QueueCommands.Resume.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Every option can also be set with an environment variable (SPOOL_<OPTION_NAME>, e.g. "
                + "SPOOL_CONCURRENCY; --redis reads SPOOL_REDIS_URL) or in a properties file (--config <file>, else "
                + "./spool.properties; keys are option names without dashes). Precedence: flag > environment > file > default.",
                "Exit codes: 0 success, 1 failure, 2 bad usage."})
public final class SpoolCli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private SpoolCli() {
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        configureLogging(args, System.getenv());
        int code = execute(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Runs {@code args} with {@code env} as the environment; returns the exit code. */
    public static int execute(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new SpoolCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        try {
            cli.setDefaultValueProvider(ConfigDefaults.load(args, env));
        } catch (ConfigDefaults.UsageException e) {
            err.println("spool: " + e.getMessage());
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        boolean debug = env.containsKey("SPOOL_DEBUG");
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            boolean usage = e instanceof ConfigDefaults.UsageException || e instanceof InvalidTaskException;
            String command = line.getCommandSpec().qualifiedName(); // "spool cron add", not "spool add"
            line.getErr().println(command + ": " + BackendConfig.redact(message(e)));
            if (debug) {
                e.printStackTrace(line.getErr());
            }
            if (usage) {
                line.getErr().println("(see: " + command + " --help)");
            }
            line.getErr().flush();
            return usage ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
        });
        cli.setParameterExceptionHandler((ex, a) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("spool: " + BackendConfig.redact(ex.getMessage()));
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, e)) {
                e.println("(see: " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            }
            e.flush();
            return CommandLine.ExitCode.USAGE;
        });
        return cli.execute(args);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getName() : m;
    }

    /**
     * Logs to standard error: INFO for the worker, WARN for the other commands, SPOOL_LOG_LEVEL to change.
     * Netty, Redisson and Jedis log one line per event, without stack traces, unless the level is DEBUG or TRACE.
     * What is logged through java.util.logging or System.Logger goes to logback too.
     */
    private static void configureLogging(String[] args, Map<String, String> env) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/spool/worker/cli/spool-logback.xml");
        }
        boolean worker = args.length > 0 && args[0].equals("worker");
        String level = env.getOrDefault("SPOOL_LOG_LEVEL", worker ? "INFO" : "WARN");
        System.setProperty("spool.log.level", level);
        if (level.equalsIgnoreCase("DEBUG") || level.equalsIgnoreCase("TRACE")) {
            System.setProperty(OneLineCauses.FULL, "true"); // the libraries' stack traces too
        }
        // java.util.logging and System.Logger (used by redis-list and Guice) through logback as well,
        // in the same format and at the same level (spool-logback.xml propagates the levels to JUL)
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** The version from the JAR manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SpoolCli.class.getPackage().getImplementationVersion();
            return new String[] {"spool " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}

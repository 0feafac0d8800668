package dev.spool.worker.cli;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.dashboard.DashboardServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code spool dashboard}: the web dashboard and its admin API, until SIGTERM or Ctrl-C. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serves the web dashboard and its JSON admin API (under /api) until stopped.",
                "Listens on 127.0.0.1 unless --dashboard-host says otherwise, which needs a password or a token."})
final class DashboardCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Mixin
    DashboardFlags flags;

    @Option(names = {"--port", "--dashboard-port"}, paramLabel = "<port>",
            description = "Port to listen on (0: any free one). Env SPOOL_PORT. Default: 9090.")
    int port = 9090;

    @Option(names = "--host", paramLabel = "<host>", description = "Same as --dashboard-host.")
    String host;

    @Override
    public Integer call() throws Exception {
        if (host != null) {
            flags.host = host;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signals.install(stop);
        try (Broker broker = connection.open(BackendConfig.DEFAULT_LEASE);
             DashboardServer server = flags.start(broker, port)) {
            LOG.info("connected to {} at {}", connection.backend, BackendConfig.redact(connection.url()));
            spec.commandLine().getOut().println("dashboard on " + server.uri() + (flags.readOnly ? " (read-only)" : ""));
            spec.commandLine().getOut().flush();
            stop.await();
        }
        return 0;
    }
}

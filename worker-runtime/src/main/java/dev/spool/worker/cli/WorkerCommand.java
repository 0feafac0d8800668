package dev.spool.worker.cli;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.RetryPolicy;
import dev.spool.dashboard.DashboardServer;
import dev.spool.worker.Worker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** {@code spool worker}: runs handlers from the handlers directory until SIGTERM / SIGINT. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Runs a worker: handlers from the JARs in --handlers (and the classpath) process tasks of --queues.",
                "SIGTERM/SIGINT: stop fetching, let running tasks finish within --grace, hand the rest back, exit 0; "
                        + "a second signal stops at once (exit 143/130)."})
final class WorkerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

    @Mixin
    Connection connection;

    @Option(names = "--queues", paramLabel = "<queue>", split = ",",
            description = "Queues to serve. Plain names are strict order (a later queue only while earlier ones are "
                    + "empty); name=weight entries (critical=6,default=3) a weighted random order. Env SPOOL_QUEUES. "
                    + "Default: default.")
    String[] queues;

    @Option(names = "--concurrency", paramLabel = "<n>", description = "Handlers run at once. Env SPOOL_CONCURRENCY. Default: 10.")
    int concurrency;

    @Option(names = "--prefetch", paramLabel = "<n>",
            description = "Tasks fetched ahead of a free handler thread (leases renewed while they wait). "
                    + "Env SPOOL_PREFETCH. Default: as many as --concurrency.")
    Integer prefetch;

    @Option(names = "--handlers", paramLabel = "<dir>",
            description = "Directory of handler JARs. Env SPOOL_HANDLERS. Default: ./handlers.")
    Path handlers;

    @Option(names = "--lease", paramLabel = "<duration>",
            description = "Lease of a fetched task, renewed every third of it. Env SPOOL_LEASE. Default: 30s.")
    String lease;

    @Option(names = "--grace", paramLabel = "<duration>",
            description = "How long running tasks may finish on shutdown. Env SPOOL_GRACE. Default: 25s.")
    String grace;

    @Option(names = "--task-timeout", paramLabel = "<duration>",
            description = "Timeout of a task that sets none. Env SPOOL_TASK_TIMEOUT. Default: 30m.")
    String taskTimeout;

    @Option(names = "--retry-delay", paramLabel = "<duration>",
            description = "First retry delay, doubled per attempt (jitter ±0.2 of the delay). Env SPOOL_RETRY_DELAY. Default: 1s.")
    String retryDelay;

    @Option(names = "--retry-max-delay", paramLabel = "<duration>",
            description = "Longest retry delay. Env SPOOL_RETRY_MAX_DELAY. Default: 1h.")
    String retryMaxDelay;

    @Option(names = "--retry-max-attempts", paramLabel = "<n>",
            description = "Attempts of a task that keeps the default maxAttempts (can lower it, not raise it). "
                    + "Env SPOOL_RETRY_MAX_ATTEMPTS. Default: 10.")
    int retryMaxAttempts;

    @Option(names = "--heartbeat", paramLabel = "<duration>",
            description = "Heartbeat interval in the worker registry. Env SPOOL_HEARTBEAT. Default: 5s.")
    String heartbeat;

    @Option(names = "--metrics-port", paramLabel = "<port>",
            description = "Serve /metrics (Prometheus) and /health on this port. Env SPOOL_METRICS_PORT. Default: off.")
    Integer metricsPort;

    @Option(names = "--metrics-host", paramLabel = "<host>",
            description = "Address for the metrics port. Env SPOOL_METRICS_HOST. Default: 127.0.0.1.")
    String metricsHost;

    @Option(names = "--unhealthy-after", paramLabel = "<duration>",
            description = "/health answers 503 once a fetch or the heartbeat has failed without a success for this long "
                    + "(Redis unreachable, credentials refused). Env SPOOL_UNHEALTHY_AFTER. Default: 30s.")
    String unhealthyAfter;

    @Option(names = "--dashboard-port", paramLabel = "<port>",
            description = "Serve the web dashboard on this port, beside the work (see spool dashboard --help for its "
                    + "--dashboard-* options). Env SPOOL_DASHBOARD_PORT. Default: off.")
    Integer dashboardPort;

    @Mixin
    DashboardFlags dashboard;

    @Option(names = "--no-schedules",
            description = "Do not fire the schedules (spool cron) from this worker. Each tick fires once however many "
                    + "workers fire them. Env SPOOL_NO_SCHEDULES. Default: fire them.")
    boolean noSchedules;

    @Override
    public Integer call() throws Exception {
        Duration leaseD = Admin.duration("--lease", lease);
        RetryPolicy policy = RetryPolicy.defaults().withInitialDelay(Admin.duration("--retry-delay", retryDelay))
                .withMaxDelay(Admin.duration("--retry-max-delay", retryMaxDelay)).withMaxAttempts(retryMaxAttempts);
        Worker.Builder builder;
        CountDownLatch stop = new CountDownLatch(1);
        Signals.install(stop);
        AtomicReference<Worker> current = new AtomicReference<>();
        MeterRegistry meters = metricsPort == null ? new SimpleMeterRegistry()
                : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        try (Broker broker = connection.open(leaseD, true)) {
            LOG.info("connected to {} at {}", connection.backend, BackendConfig.redact(connection.url()));
            builder = Worker.builder(broker).queues(queues).concurrency(concurrency)
                    .handlersDirectory(handlers).discoverHandlers(true).lease(leaseD)
                    .grace(Admin.duration("--grace", grace))
                    .defaultTimeout(Admin.duration("--task-timeout", taskTimeout))
                    .heartbeat(Admin.duration("--heartbeat", heartbeat))
                    .retryPolicy(policy).meterRegistry(meters).fireSchedules(!noSchedules);
            if (prefetch != null) {
                builder.prefetch(prefetch);
            }
            try (Worker worker = builder.build();
                 MetricsServer server = metricsPort == null ? null
                         : new MetricsServer(metricsHost, metricsPort, (PrometheusMeterRegistry) meters, current::get,
                                 Admin.duration("--unhealthy-after", unhealthyAfter));
                 DashboardServer board = dashboardPort == null ? null : dashboard.start(broker, dashboardPort)) {
                current.set(worker);
                worker.start();
                if (board != null) {
                    LOG.info("dashboard on {}", board.uri());
                }
                if (server != null) {
                    LOG.info("metrics on http://{}:{}/metrics, health on /health", metricsHost, server.port());
                }
                stop.await();
            }
        }
        LOG.info("worker stopped cleanly");
        return 0;
    }
}

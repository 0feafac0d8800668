package dev.spool.worker.cli;

import dev.spool.api.SpoolException;
import dev.spool.worker.Health;
import dev.spool.worker.Worker;
import dev.spool.worker.WorkerSnapshot;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The worker's HTTP endpoints, served by Jetty (servlets, so that the web dashboard can join the same
 * server): {@code GET /metrics} in the Prometheus text format, and {@code GET /health}, 200 while the
 * worker can work and 503 with the reason when it cannot (stopped, its fetch loop ended, or a call to
 * the backend failing for longer than {@code unhealthyAfter}: Redis unreachable, credentials refused).
 * Several threads and an idle timeout, so that a slow or idle client cannot hold the endpoints.
 */
final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    /** How long a connection may stay silent (a client that stopped reading or writing) before it is closed. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

    private final Server server;
    private final ServerConnector connector;

    MetricsServer(String host, int port, PrometheusMeterRegistry registry, Supplier<Worker> worker, Duration unhealthyAfter) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("spool-http");
        threads.setDaemon(true);
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new Metrics(registry)), "/metrics");
        context.addServlet(new ServletHolder(new HealthCheck(worker, unhealthyAfter)), "/health");
        server.setHandler(context);
        server.setStopTimeout(0); // no graceful wait on stop: a scrape or probe cut short is simply asked again
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // not started: nothing to stop
            }
            throw new SpoolException("cannot listen for metrics on " + host + ":" + port + " (" + e.getMessage()
                    + "); pick another --metrics-port or free that one");
        }
    }

    /** The port listened on (useful with port 0). */
    int port() {
        return connector.getLocalPort();
    }

    private static void reply(HttpServletResponse res, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        res.setStatus(status);
        res.setContentType(type);
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }

    /** {@code GET /metrics}: the registry's scrape. */
    private static final class Metrics extends HttpServlet {
        private final transient PrometheusMeterRegistry registry;

        Metrics(PrometheusMeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            reply(res, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
        }
    }

    /** {@code GET /health}: the worker's {@link Health} and figures, as JSON. */
    private static final class HealthCheck extends HttpServlet {
        private final transient Supplier<Worker> worker;
        private final Duration unhealthyAfter;

        HealthCheck(Supplier<Worker> worker, Duration unhealthyAfter) {
            this.worker = worker;
            this.unhealthyAfter = unhealthyAfter;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            Worker w = worker.get();
            Health h = w == null ? Health.down("the worker has not started yet") : w.health(unhealthyAfter);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", h.up() ? "UP" : "DOWN");
            if (!h.up()) {
                body.put("reason", h.reason());
            }
            if (w != null) {
                WorkerSnapshot s = w.snapshot();
                body.put("worker", s.id());
                body.put("queues", s.queues());
                body.put("held", s.held());
                body.put("succeeded", s.succeeded());
                body.put("retried", s.retried());
                body.put("deadLettered", s.deadLettered());
            }
            reply(res, h.up() ? 200 : 503, "application/json", Out.JSON.toJson(body) + "\n");
        }
    }

    /** Stops serving; a failure to stop (a connection that would not close) is logged, never thrown. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the metrics server on port {} did not end cleanly: {}", port(), String.valueOf(e));
        }
    }
}

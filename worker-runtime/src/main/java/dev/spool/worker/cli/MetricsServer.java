package dev.spool.worker.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.spool.api.SpoolException;
import dev.spool.worker.Worker;
import dev.spool.worker.WorkerSnapshot;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The worker's HTTP endpoints, on the JDK's built-in server: {@code GET /metrics} (Prometheus text
 * format) and {@code GET /health} (JSON; 200 while the worker runs, 503 once it stops).
 */
final class MetricsServer implements AutoCloseable {
    private final HttpServer server;

    MetricsServer(String host, int port, PrometheusMeterRegistry registry, Supplier<Worker> worker) {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new SpoolException("cannot listen for metrics on " + host + ":" + port + " (" + e.getMessage()
                    + "); pick another --metrics-port or free that one");
        }
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "spool-metrics-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape()));
        server.createContext("/health", ex -> {
            Worker w = worker.get();
            WorkerSnapshot s = w == null ? null : w.snapshot();
            Map<String, Object> body = new LinkedHashMap<>();
            boolean up = s != null && s.running();
            body.put("status", up ? "UP" : "DOWN");
            if (s != null) {
                body.put("worker", s.id());
                body.put("queues", s.queues());
                body.put("held", s.held());
                body.put("succeeded", s.succeeded());
                body.put("retried", s.retried());
                body.put("deadLettered", s.deadLettered());
            }
            reply(ex, up ? 200 : 503, "application/json", Out.JSON.toJson(body) + "\n");
        });
        server.start();
    }

    /** The port listened on (useful with port 0). */
    int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.spool.worker.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.testkit.Eventually;
import dev.spool.testkit.redis.RedisServerExtension;
import dev.spool.worker.Worker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /health tells the truth about a worker on a real Redis: 200 while it works, 503 with the reason once
 * Redis has been unreachable for longer than the threshold, 200 again when Redis is back; an idle
 * client holding a connection open does not stop it from answering; a Redis that came back without
 * its data is said so, once; and closing the worker while Redis is down ends within the grace
 * period plus a few seconds.
 */
class HealthOnRedisTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated();

    final Logger watchLog = (Logger) LoggerFactory.getLogger("dev.spool.redis.core.DataSetWatch");
    final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void capture() {
        log.start();
        watchLog.addAppender(log);
    }

    @AfterEach
    void release() {
        watchLog.detachAppender(log);
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void healthFollowsRedisAndAStopWithRedisDownIsBounded(String backend) throws Exception {
        REDIS.assumeControllable(); // it stops and starts the server
        REDIS.flushAll();
        String q = "health-" + backend;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicReference<Worker> current = new AtomicReference<>();
        Deque<AutoCloseable> opened = new ArrayDeque<>(); // closed in the end even when an assertion fails
        BackendConfig config = BackendConfig.builder(REDIS.url()).option("retry.for", "1s").build();
        try (Broker broker = Spool.connect(backend, config);
             MetricsServer server = new MetricsServer("127.0.0.1", 0, registry, current::get, Duration.ofSeconds(2));
             Socket idle = new Socket("127.0.0.1", server.port())) {
            // a client that sends half a request and then nothing: it must not hold the endpoint
            OutputStream out = idle.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            Worker worker = Worker.builder(broker).queues(q).discoverHandlers(false).grace(Duration.ofSeconds(2))
                    .heartbeat(Duration.ofMillis(200)).meterRegistry(registry)
                    .handler(new MetricsServerTest.Work()).build();
            current.set(worker);
            opened.push(worker);
            worker.start();
            broker.queue(q).enqueue(Task.of("work", "{}"));
            Eventually.until(Duration.ofSeconds(30), "the task done", () -> worker.snapshot().succeeded() == 1);
            HttpResponse<String> up = MetricsServerTest.get(server.port(), "/health");
            assertThat(up.statusCode()).as(up.body()).isEqualTo(200);

            REDIS.stop();
            AtomicReference<HttpResponse<String>> seen = new AtomicReference<>();
            Eventually.until(Duration.ofSeconds(60), () -> "/health to say 503 with Redis down, last: " + body(seen.get()),
                    () -> status(server, seen) == 503);
            assertThat(seen.get().body()).contains("\"status\":\"DOWN\"").containsAnyOf("fetching from queue '" + q + "'",
                    "the heartbeat").contains("has failed for");

            REDIS.start(); // without persistence: an empty server, as after a restart with no AOF
            Eventually.until(Duration.ofSeconds(60), () -> "/health to say 200 again, last: " + body(seen.get()),
                    () -> status(server, seen) == 200);
            Eventually.until(Duration.ofSeconds(30), "the worker's heartbeat to say Redis lost its data set",
                    () -> dataSetLosses().stream().anyMatch(m -> m.contains("in a restart without its data (run id ")));
            assertThat(dataSetLosses()).as("said once").hasSize(1);

            // a worker on the backend's default options (retry.for 30 s), stopped while Redis is down
            Broker defaults = Spool.connect(backend, REDIS.url());
            opened.push(defaults);
            Worker second = Worker.builder(defaults).queues(q).discoverHandlers(false).grace(Duration.ofSeconds(2))
                    .handler(new MetricsServerTest.Work()).build();
            opened.push(second);
            second.start();
            // through the broker connected after the restart: the first one's retry.for (1 s) may not
            // outlast a pooled connection Redisson has not yet found dead on a loaded machine
            defaults.queue(q).enqueue(Task.of("work", "{}"));
            Eventually.until(Duration.ofSeconds(30), "the second task done",
                    () -> worker.snapshot().succeeded() + second.snapshot().succeeded() == 2);
            REDIS.stop();
            Thread.sleep(1_500); // the workers' calls are now retrying against a server that is gone
            long t0 = System.nanoTime();
            second.close();
            long workerMs = (System.nanoTime() - t0) / 1_000_000;
            defaults.close();
            long brokerMs = (System.nanoTime() - t0) / 1_000_000 - workerMs;
            worker.close();
            System.out.println(backend + ": worker closed with Redis down in " + workerMs + " ms (grace 2 s), its broker in "
                    + brokerMs + " ms");
            assertThat(workerMs).as("close with Redis down: the grace period (2 s) plus a few seconds").isLessThan(10_000);
            assertThat(brokerMs).as("closing the broker with Redis down").isLessThan(5_000);
            assertThat(MetricsServerTest.get(server.port(), "/health").statusCode()).isEqualTo(503);
        } finally {
            while (!opened.isEmpty()) {
                try {
                    opened.pop().close();
                } catch (Exception e) {
                    e.printStackTrace(); // a later test must not inherit a running worker
                }
            }
            if (!REDIS.process().isRunning()) {
                REDIS.start();
            }
        }
    }

    /** The errors logged about a lost data set. */
    private List<String> dataSetLosses() {
        List<String> out = new ArrayList<>();
        synchronized (log) { // appends hold the appender's lock
            for (ILoggingEvent e : log.list) {
                if (e.getLevel() == Level.ERROR && e.getFormattedMessage().contains("lost its data set")) {
                    out.add(e.getFormattedMessage());
                }
            }
        }
        return out;
    }

    /** GET /health, kept in {@code seen}; its status, or -1 when the request failed. */
    private static int status(MetricsServer server, AtomicReference<HttpResponse<String>> seen) {
        try {
            seen.set(MetricsServerTest.get(server.port(), "/health"));
            return seen.get().statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String body(HttpResponse<String> r) {
        return r == null ? "none" : r.statusCode() + " " + r.body();
    }
}

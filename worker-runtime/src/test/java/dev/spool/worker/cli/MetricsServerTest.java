package dev.spool.worker.cli;

import com.google.gson.JsonElement;
import dev.spool.api.Broker;
import dev.spool.api.NonRetryableException;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskContext;
import dev.spool.api.TaskHandler;
import dev.spool.testkit.Eventually;
import dev.spool.worker.Worker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The Prometheus scrape and health endpoints over a real worker on the in-memory backend. */
class MetricsServerTest {

    static final class Work implements TaskHandler<JsonElement> {
        @Override
        public String type() {
            return "work";
        }

        @Override
        public Class<JsonElement> payloadType() {
            return JsonElement.class;
        }

        @Override
        public void handle(JsonElement payload, TaskContext context) {
            if (payload.getAsJsonObject().has("fail")) {
                throw new NonRetryableException("asked to fail");
            }
        }
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void scrapeShowsTheWorkersCountersAndHealthFollowsItsLife() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicReference<Worker> current = new AtomicReference<>();
        try (Broker broker = Spool.connect("inmemory", "inmemory://");
             MetricsServer server = new MetricsServer("127.0.0.1", 0, registry, current::get, Duration.ofSeconds(30))) {
            Worker worker = Worker.builder(broker).queues("m").discoverHandlers(false).handler(new Work())
                    .heartbeat(Duration.ofMillis(100)).meterRegistry(registry).build();
            current.set(worker);
            worker.start();
            for (int i = 0; i < 3; i++) {
                broker.queue("m").enqueue(Task.of("work", "{}"));
            }
            broker.queue("m").enqueue(Task.of("work", "{\"fail\":true}"));
            broker.queue("m").enqueue(Task.builder("work").delay(Duration.ofHours(1)).build());
            Eventually.until(Duration.ofSeconds(30), "4 tasks settled",
                    () -> worker.snapshot().succeeded() == 3 && worker.snapshot().deadLettered() == 1);
            HttpResponse<String> health = get(server.port(), "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"", worker.id());
            List<String> expected = List.of("spool_queue_depth{queue=\"m\",state=\"delayed\"} 1.0",
                    "spool_queue_latency_seconds{queue=\"m\"}",
                    "spool_tasks_started_total{queue=\"m\",type=\"work\"} 4.0",
                    "spool_tasks_succeeded_total{queue=\"m\",type=\"work\"} 3.0",
                    "spool_tasks_dead_lettered_total{queue=\"m\",type=\"work\"} 1.0",
                    "spool_tasks_duration_seconds_count{outcome=\"success\",queue=\"m\",type=\"work\"} 3",
                    "spool_tasks_in_flight");
            AtomicReference<String> scrape = new AtomicReference<>("");
            // counters follow the backend's outcome (listeners are told after it), the depth gauge each heartbeat
            Eventually.until(Duration.ofSeconds(30), () -> "the scrape to show " + expected + ", got:\n" + scrape.get(), () -> {
                try {
                    scrape.set(get(server.port(), "/metrics").body());
                } catch (Exception e) {
                    return false;
                }
                return expected.stream().allMatch(scrape.get()::contains);
            });
            worker.close();
            assertThat(get(server.port(), "/health").statusCode()).isEqualTo(503);
        }
    }
}

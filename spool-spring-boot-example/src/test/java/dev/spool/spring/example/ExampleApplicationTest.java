package dev.spool.spring.example;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spool.testkit.Eventually;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example end to end, on a real Redis: a welcome posted to the REST endpoint is enqueued, run by the
 * worker in the same application (which enqueues the tips, run by the other handler), the actuator shows
 * Spool's health and meters, and the dashboard at /spool the queue.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability // Spring's tests leave the Prometheus registry out unless asked
@DirtiesContext // the worker stops at the end of the class, while Redis still runs
class ExampleApplicationTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spool.redis.url", REDIS::url);
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    Outbox outbox;

    @Test
    void aWelcomePostedToTheEndpointIsMailedByTheWorkerInTheSameApplication() {
        ResponseEntity<JsonNode> posted = http.postForEntity("/welcome", new Welcome("ada@example.com", "Ada"), JsonNode.class);
        assertThat(posted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(posted.getBody().path("taskId").asText()).isNotEmpty();

        Eventually.until(Duration.ofSeconds(30), () -> "both mails sent, so far " + outbox.sent(), () -> outbox.sent().size() == 2);
        assertThat(outbox.sent()).containsExactly("ada@example.com: Welcome, Ada!",
                "ada@example.com: Three tips for your first week, Ada");

        JsonNode health = http.getForObject("/actuator/health", JsonNode.class);
        assertThat(health.path("status").asText()).isEqualTo("UP");
        JsonNode spool = health.path("components").path("spool");
        assertThat(spool.path("status").asText()).isEqualTo("UP");
        assertThat(spool.path("details").path("backend").asText()).isEqualTo("redis-list");
        assertThat(spool.path("details").path("queues").toString()).isEqualTo("[\"mail\"]");

        Eventually.until(Duration.ofSeconds(10), "both acknowledgements counted", () -> http.getForObject(
                "/actuator/metrics/spool.tasks.succeeded", JsonNode.class).path("measurements").path(0).path("value").asDouble() == 2);
        assertThat(http.getForObject("/actuator/prometheus", String.class).lines())
                .anyMatch(l -> l.startsWith("spool_tasks_succeeded_total{") && l.contains("type=\"send_welcome\"") && l.endsWith(" 1.0"))
                .anyMatch(l -> l.startsWith("spool_tasks_in_flight"));

        Eventually.until(Duration.ofSeconds(10), () -> "both deliveries settled on the dashboard, so far "
                + http.getForObject("/spool/api/overview", String.class), () -> mailOnTheDashboard().path("processed").asLong() == 2);
        JsonNode mail = mailOnTheDashboard();
        assertThat(mail.path("ready").asLong()).isZero();
        assertThat(mail.path("running").asLong()).isZero();
        assertThat(mail.path("failed").asLong()).isZero();
        assertThat(http.getForEntity("/spool/", String.class).getBody()).contains("<html");
    }

    /** The queue mail as the dashboard's API lists it at /spool/api/overview. */
    private JsonNode mailOnTheDashboard() {
        ResponseEntity<JsonNode> overview = http.getForEntity("/spool/api/overview", JsonNode.class);
        assertThat(overview.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(overview.getBody().path("backend").asText()).isEqualTo("redis-list");
        for (JsonNode q : overview.getBody().path("queues")) {
            if (q.path("name").asText().equals("mail")) {
                return q;
            }
        }
        throw new AssertionError("no queue mail on the dashboard: " + overview.getBody());
    }
}

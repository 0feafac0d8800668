package dev.spool.spring;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.spool.api.Durations;
import dev.spool.api.RetryPolicy;
import dev.spool.api.TaskDefaults;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata an IDE completes {@code spool.*} from: generated at compile time from {@link SpoolProperties},
 * every property described, its defaults those of the worker and the command line.
 */
class ConfigurationMetadataTest {

    static Map<String, JsonObject> properties() throws Exception {
        try (Reader in = new InputStreamReader(ConfigurationMetadataTest.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json"), StandardCharsets.UTF_8)) {
            Map<String, JsonObject> byName = new TreeMap<>();
            for (JsonElement p : JsonParser.parseReader(in).getAsJsonObject().getAsJsonArray("properties")) {
                byName.put(p.getAsJsonObject().get("name").getAsString(), p.getAsJsonObject());
            }
            return byName;
        }
    }

    static String defaultOf(Map<String, JsonObject> props, String name) {
        JsonElement d = props.get(name).get("defaultValue");
        return d == null ? null : d.isJsonPrimitive() ? d.getAsString() : d.toString();
    }

    @Test
    void everyPropertyIsDescribedAndNoOtherExists() throws Exception {
        Map<String, JsonObject> props = properties();
        assertThat(props.keySet()).containsExactly("spool.backend", "spool.backend-options", "spool.dashboard.enabled",
                "spool.dashboard.password", "spool.dashboard.path", "spool.dashboard.read-only", "spool.dashboard.token",
                "spool.dashboard.username", "spool.redis.url",
                "spool.worker.concurrency", "spool.worker.enabled", "spool.worker.fire-schedules", "spool.worker.grace",
                "spool.worker.heartbeat", "spool.worker.lease", "spool.worker.prefetch", "spool.worker.queues",
                "spool.worker.retry.delay", "spool.worker.retry.max-attempts", "spool.worker.retry.max-delay",
                "spool.worker.task-timeout", "spool.worker.unhealthy-after");
        props.forEach((name, p) -> assertThat(p.has("description")).as(name + " has a description").isTrue());
    }

    @Test
    void theDefaultsAreSpoolsOwnAndThePropertiesClasses() throws Exception {
        Map<String, JsonObject> props = properties();
        SpoolProperties.Worker w = new SpoolProperties().getWorker();
        assertThat(defaultOf(props, "spool.backend")).isEqualTo(new SpoolProperties().getBackend()).isEqualTo("redis-list");
        assertThat(defaultOf(props, "spool.worker.enabled")).isEqualTo("false");
        SpoolProperties.Dashboard dashboard = new SpoolProperties().getDashboard();
        assertThat(defaultOf(props, "spool.dashboard.enabled")).as("nothing exposed unless asked")
                .isEqualTo(String.valueOf(dashboard.isEnabled())).isEqualTo("false");
        assertThat(defaultOf(props, "spool.dashboard.path")).isEqualTo(dashboard.getPath()).isEqualTo("/spool");
        assertThat(defaultOf(props, "spool.dashboard.read-only")).isEqualTo(String.valueOf(dashboard.isReadOnly()))
                .isEqualTo("false");
        assertThat(defaultOf(props, "spool.dashboard.token")).isNull();
        assertThat(defaultOf(props, "spool.worker.queues")).isEqualTo("[\"default\"]");
        assertThat(w.getQueues()).containsExactly("default");
        assertThat(defaultOf(props, "spool.worker.lease")).isEqualTo(Durations.format(TaskDefaults.LEASE));
        assertThat(defaultOf(props, "spool.worker.task-timeout")).isEqualTo(Durations.format(TaskDefaults.TIMEOUT));
        assertThat(defaultOf(props, "spool.worker.retry.delay")).isEqualTo(Durations.format(RetryPolicy.defaults().initialDelay()));
        assertThat(defaultOf(props, "spool.worker.retry.max-delay")).isEqualTo(Durations.format(RetryPolicy.defaults().maxDelay()));
        assertThat(defaultOf(props, "spool.worker.retry.max-attempts")).isEqualTo(String.valueOf(TaskDefaults.MAX_ATTEMPTS));
        Map<String, Object> fromClass = Map.of("spool.worker.concurrency", w.getConcurrency(),
                "spool.worker.lease", w.getLease(), "spool.worker.grace", w.getGrace(),
                "spool.worker.task-timeout", w.getTaskTimeout(), "spool.worker.heartbeat", w.getHeartbeat(),
                "spool.worker.unhealthy-after", w.getUnhealthyAfter(), "spool.worker.retry.delay", w.getRetry().getDelay(),
                "spool.worker.retry.max-delay", w.getRetry().getMaxDelay(),
                "spool.worker.retry.max-attempts", w.getRetry().getMaxAttempts());
        fromClass.forEach((name, value) -> {
            String d = defaultOf(props, name);
            Object parsed = value instanceof java.time.Duration ? DurationStyle.detectAndParse(d) : Integer.valueOf(d);
            assertThat(parsed).as(name).isEqualTo(value);
        });
    }
}

package dev.spool.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tiny end-to-end run of the real harness on inmemory: a few hundred tasks drained by a Worker
 * in a child JVM, a one-second steady state whose latencies travel through the handler's file,
 * and the enqueue and memory sections; then the raw ceilings on a real redis-server, briefly.
 */
class SmokeTest {

    @Test
    void inMemoryRunProducesEveryFigure(@TempDir Path dir) throws Exception {
        // 20,000 tasks: a drain that lasts many stats polls (every 5 ms), so its warm part is measured
        int code = new CommandLine(new BenchMain()).execute("--quick", "--backends", "inmemory", "--drain-tasks", "20000",
                "--concurrency", "8", "--steady-rate", "200", "--steady-seconds", "1", "--otel", "--out", dir.toString());
        assertThat(code).isZero();
        JsonObject root = JsonParser.parseString(Files.readString(dir.resolve("spool-bench.json"))).getAsJsonObject();
        List<String> names = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("figures")) {
            JsonObject f = e.getAsJsonObject();
            names.add(f.get("section").getAsString() + " " + f.get("figure").getAsString());
            double median = f.getAsJsonObject("value").get("median").getAsDouble();
            if (f.get("figure").getAsString().contains(" GC")) {
                assertThat(median).as(f.toString()).isGreaterThanOrEqualTo(0); // a short run may see no collection
            } else {
                assertThat(median).as(f.toString()).isGreaterThan(0);
            }
        }
        assertThat(names).contains("enqueue enqueue x1", "enqueue enqueueAll x1000",
                "drain c=8 first->last ack (warm)", "drain c=8 start->last ack", "drain c=8 worker heap after full GC",
                "steady 200/s latency p50", "steady 200/s latency p99.9", "steady 200/s worker CPU",
                "memory queued task, 100-byte payload", "drain c=8 warm drain with the OpenTelemetry SDK",
                "drain c=8 worker CPU per task with the OpenTelemetry SDK");
        assertThat(root.getAsJsonArray("figures")).map(e -> e.getAsJsonObject())
                .filteredOn(f -> f.get("figure").getAsString().equals("c=8 consumer spans exported per task (OpenTelemetry SDK)"))
                .singleElement().satisfies(f -> assertThat(f.getAsJsonObject("value").get("median").getAsDouble())
                        .as("every attempt traced").isEqualTo(1.0));
        assertThat(names).anyMatch(n -> n.startsWith("steady half drain ") && n.endsWith("latency p99"));
        assertThat(Files.exists(dir.resolve("handlers").resolve("spool-bench-handlers.jar"))).isTrue();
    }

    @Test
    void rawCeilingsMoveEveryTaskAndCleanUp() throws Exception {
        try (RedisServer server = RedisServer.start();
             RawCeiling c = new RawCeiling("127.0.0.1", Integer.parseInt(server.url().replaceAll(".*:", "")), Tasks.PAYLOAD, () -> -1);
             redis.clients.jedis.Jedis j = new redis.clients.jedis.Jedis("127.0.0.1",
                     Integer.parseInt(server.url().replaceAll(".*:", "")))) {
            assertThat(c.listEnqueue(500, 1)).isPositive();
            assertThat(c.listEnqueue(500, 100)).isPositive();
            assertThat(c.streamEnqueue(500, 100)).isPositive();
            assertThat(c.listDrain(500, 8)).isPositive();
            assertThat(c.streamDrain(500, 8)).isPositive();
            assertThat(c.listBytesPerTask(500)).isGreaterThan(Tasks.PAYLOAD_BYTES);
            assertThat(c.streamBytesPerTask(500)).isPositive();
            assertThat(j.dbSize()).as("every raw key is deleted after its measurement").isZero();
        }
        assertThat(Tasks.PAYLOAD).hasSize(Tasks.PAYLOAD_BYTES);
    }
}

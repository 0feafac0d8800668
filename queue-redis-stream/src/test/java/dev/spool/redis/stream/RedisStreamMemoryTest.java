package dev.spool.redis.stream;

import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis memory per queued task (bench finding B7), measured as the bench does: INFO memory
 * used_memory before and after enqueueing 20,000 tasks with a 100-byte payload, divided by 20,000.
 * A dedicated server, so nothing else changes its memory meanwhile.
 */
class RedisStreamMemoryTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated();

    static final int TASKS = 20_000;
    static final String PAYLOAD = "{\"data\":\"" + "x".repeat(100 - 11) + "\"}";

    private static long usedMemory() {
        Matcher m = Pattern.compile("used_memory:(\\d+)").matcher(String.valueOf(REDIS.command("INFO", "memory")));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static double bytesPerTask(String queue, boolean callerIds) {
        try (Broker broker = Spool.connect("redis-stream", REDIS.url()); TaskQueue q = broker.queue(queue)) {
            q.enqueue(Task.of("noop", PAYLOAD)); // the queue's fixed keys exist before the measurement
            long before = usedMemory();
            for (int done = 0; done < TASKS; done += 1000) {
                List<Task> batch = new ArrayList<>(1000);
                for (int i = 0; i < 1000; i++) {
                    Task.Builder b = Task.builder("noop").payload(PAYLOAD);
                    if (callerIds) {
                        b.id("order-" + queue + "-" + (done + i));
                    }
                    batch.add(b.build());
                }
                q.enqueueAll(batch);
            }
            double perTask = (double) (usedMemory() - before) / TASKS;
            System.out.printf("redis-stream memory, %s ids: %.1f bytes per queued task (%d-byte payload)%n",
                    callerIds ? "caller-chosen" : "generated", perTask, PAYLOAD.length());
            return perTask;
        }
    }

    @Test
    void aQueuedTaskWithA100BytePayloadTakesAtMostPayloadPlus250Bytes() {
        assertThat(PAYLOAD).hasSize(100);
        double generated = bytesPerTask("mem-generated", false);
        double chosen = bytesPerTask("mem-chosen", true);
        // payload + 250: the entry (about 200 bytes) and its record in the where index (about 100), which
        // finds any task by id (QueueInspector.task) and a caller-chosen id already stored
        assertThat(generated).as("bytes per task, generated ids").isLessThanOrEqualTo(350);
        assertThat(chosen).as("bytes per task, caller-chosen ids").isLessThanOrEqualTo(350);
    }
}

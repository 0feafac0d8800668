package dev.spool.bench.handler;

import com.google.gson.JsonElement;
import dev.spool.api.TaskContext;
import dev.spool.api.TaskHandler;

import java.time.Instant;

/**
 * The benchmark's handler for tasks of type {@value #TYPE}: does nothing but, when the task carries
 * the header {@value #SENT_HEADER} (the producer's clock in epoch microseconds just before it called
 * enqueue), records now − sent as the task's end-to-end latency through {@link LatencyRecorder}.
 * The header is used instead of {@code Task.createdAt()} because createdAt is stored in whole
 * milliseconds, too coarse for sub-millisecond latencies; producer and worker share one clock.
 */
public final class NoopHandler implements TaskHandler<JsonElement> {
    /** The task type. */
    public static final String TYPE = "bench.noop";
    /** The header holding the send time in epoch microseconds. */
    public static final String SENT_HEADER = "bench.sent";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<JsonElement> payloadType() {
        return JsonElement.class;
    }

    @Override
    public void handle(JsonElement payload, TaskContext context) {
        long now = nowMicros();
        String sent = context.task().headers().get(SENT_HEADER);
        if (sent != null) {
            LatencyRecorder.record(now - Long.parseLong(sent));
        }
    }

    /** The wall clock in epoch microseconds (Instant.now() has microsecond resolution on Linux). */
    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}

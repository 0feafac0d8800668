package dev.spool.bench;

import dev.spool.api.Task;
import dev.spool.bench.handler.NoopHandler;

import java.util.ArrayList;
import java.util.List;

/** The benchmark's tasks: type {@link NoopHandler#TYPE} with a JSON payload of exactly 100 bytes. */
final class Tasks {
    /** The payload size the issue asks for. */
    static final int PAYLOAD_BYTES = 100;
    /** A JSON object of exactly {@value #PAYLOAD_BYTES} bytes. */
    static final String PAYLOAD = payload(PAYLOAD_BYTES);

    private Tasks() {
    }

    static String payload(int bytes) {
        String head = "{\"data\":\"";
        String tail = "\"}";
        return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
    }

    /** A no-op task without a send time (not counted in latency figures). */
    static Task plain() {
        return Task.of(NoopHandler.TYPE, PAYLOAD);
    }

    /** A no-op task stamped with the send time now, in epoch microseconds. */
    static Task timed() {
        return Task.builder(NoopHandler.TYPE).payload(PAYLOAD)
                .header(NoopHandler.SENT_HEADER, Long.toString(NoopHandler.nowMicros())).build();
    }

    /** {@code n} plain tasks. */
    static List<Task> plain(int n) {
        List<Task> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(plain());
        }
        return list;
    }
}

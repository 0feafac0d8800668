package dev.spool.redis.stream;

import dev.spool.api.Broker;
import dev.spool.api.DeadLetter;
import dev.spool.api.Delivery;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskDecodeException;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Security finding F2: bytes that are not UTF-8, written straight into a stream, are dead-lettered
 * with the reason (never delivered with U+FFFD standing in for them), and the next task flows.
 */
class RedisStreamUtf8Test {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    /** {@code {"id":"bad-utf8","t":"text"}\n"caf} + C3 28 FF + {@code "}: 0xC3 at offset 33 starts no valid sequence. */
    static byte[] badUtf8() {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes("{\"id\":\"bad-utf8\",\"t\":\"text\"}\n\"caf".getBytes(StandardCharsets.UTF_8));
        raw.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
        raw.writeBytes("\"".getBytes(StandardCharsets.UTF_8));
        return raw.toByteArray();
    }

    /** XADD of {@code body} as the {@code task} field of a priority-0 entry, in the layout enqueue writes. */
    private static void xadd(String queue, byte[] body) {
        byte[] s = bytes(Keys.stream(queue, 0));
        try (Jedis j = REDIS.jedis()) {
            if (!j.exists(s)) {
                j.sendCommand(() -> bytes("XGROUP"), bytes("CREATE"), s, bytes("spool"), bytes("0"), bytes("MKSTREAM"));
            }
            j.sendCommand(() -> bytes("XADD"), s, bytes("*"), bytes("a"), bytes("0"), bytes("task"), body);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void invalidUtf8IsDeadLetteredWithTheReasonAndTheNextTaskFlows() {
        String queue = "utf8-" + System.nanoTime();
        try (Broker broker = Spool.connect("redis-stream", REDIS.url()); TaskQueue q = broker.queue(queue)) {
            xadd(queue, badUtf8());
            String good = q.enqueue(Task.of("text", "\"caf\u00e9 \u2713\"")).taskId();
            List<Delivery> got = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (got.isEmpty() && System.nanoTime() < end) {
                got.addAll(q.fetch(5, Duration.ofSeconds(1)));
            }
            assertThat(got).extracting(Delivery::id).containsExactly(good);
            assertThat(got.get(0).task().payload()).isEqualTo("\"caf\u00e9 \u2713\"");
            assertThat(q.ack(got.get(0))).isTrue();

            List<DeadLetter> dead = broker.inspector().deadLetters(queue, 0, 10);
            assertThat(dead).hasSize(1);
            DeadLetter d = dead.get(0);
            assertThat(d.id()).isEqualTo("bad-utf8");
            assertThat(d.task()).isNull();
            assertThat(d.raw()).startsWith("{\"id\":\"bad-utf8\"");
            assertThat(d.error()).startsWith("stored task bad-utf8 is not valid UTF-8 (byte 0xC3 at offset 33)");
            assertThatThrownBy(() -> broker.inspector().requeueDead(queue, "bad-utf8"))
                    .isInstanceOf(TaskDecodeException.class).hasMessageContaining("not valid UTF-8");
            assertThat(broker.inspector().stats(queue).ready()).isZero();
            assertThat(broker.inspector().stats(queue).inFlight()).isZero();
        }
    }
}

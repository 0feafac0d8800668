package dev.spool.redis.stream;

import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.StreamMessageId;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMultiReadArgs;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wake-up read's codec: Redisson still reports which streams had new entries and their ids,
 * the fields and values are not decoded, and the one connection carries on decoding the next
 * replies correctly (the skipping decoder leaves the buffer where Redisson expects it).
 */
class WakeCodecTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    @Test
    void aWakeReadSeesTheStreamsAndIdsAndTheConnectionStaysInStep() {
        Config c = new Config();
        c.useSingleServer().setAddress("redis://" + REDIS.host() + ":" + REDIS.port())
                .setConnectionPoolSize(1).setConnectionMinimumIdleSize(1); // one connection: a bad decode would show in the next reply
        RedissonClient client = Redisson.create(c);
        try {
            String base = "wake-" + System.nanoTime() + "-";
            String body = "{\"id\":\"T1\",\"t\":\"mail\"}\n{\"to\":\"caf\u00e9 \u2713\"}" + "x".repeat(300);
            StreamMessageId a = client.<String, String>getStream(base + "a", StringCodec.INSTANCE)
                    .add(StreamAddArgs.entries(Map.of("a", "0", "task", body)));
            StreamMessageId b = client.<String, String>getStream(base + "b", StringCodec.INSTANCE)
                    .add(StreamAddArgs.entries(Map.of("a", "0", "u", "k1", "uw", "", "task", body + "2")));
            RStream<String, String> top = client.getStream(base + "a", WakeCodec.INSTANCE);
            RStream<String, String> plain = client.getStream(base + "a", StringCodec.INSTANCE);
            for (int i = 0; i < 50; i++) {
                Map<String, StreamMessageId> others = new LinkedHashMap<>();
                others.put(base + "b", new StreamMessageId(0, 0));
                others.put(base + "empty", new StreamMessageId(0, 0));
                Map<String, Map<StreamMessageId, Map<String, String>>> woke = top.read(StreamMultiReadArgs
                        .greaterThan(new StreamMessageId(0, 0), others).count(1).timeout(Duration.ofMillis(100)));
                assertThat(woke).containsOnlyKeys(base + "a", base + "b");
                assertThat(woke.get(base + "a")).containsOnlyKeys(a);
                assertThat(woke.get(base + "b")).containsOnlyKeys(b);
                assertThat(woke.get(base + "b").get(b).values()).as("nothing decoded").allMatch(String::isEmpty);

                Map<StreamMessageId, Map<String, String>> read = plain.range(StreamMessageId.MIN, StreamMessageId.MAX);
                assertThat(read.get(a)).containsEntry("task", body).containsEntry("a", "0");
                assertThat(client.getBucket(base + "k", StringCodec.INSTANCE).get()).isNull();
            }
            // a read that times out with nothing new still returns cleanly
            Map<String, StreamMessageId> after = new LinkedHashMap<>();
            after.put(base + "b", b);
            assertThat(top.read(StreamMultiReadArgs.greaterThan(a, after).count(1).timeout(Duration.ofMillis(50)))).isEmpty();
        } finally {
            client.shutdown();
        }
    }
}

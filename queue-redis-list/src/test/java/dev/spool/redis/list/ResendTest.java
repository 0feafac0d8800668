package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.spi.TaskCodec;
import dev.spool.testkit.TestClock;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A script whose reply was lost after it ran is sent again by the retry loop with the re-send flag
 * set; these tests drive the scripts directly, as RedisLink would, to check that the second send
 * answers for the first instead of repeating it.
 */
class ResendTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    private final TestClock clock = new TestClock();
    private RedisListBroker broker;
    private Keys keys;

    @BeforeEach
    void open() {
        broker = (RedisListBroker) Spool.connect("redis-list", BackendConfig.builder(REDIS.url()).clock(clock).build());
        keys = broker.keys("resend-" + System.nanoTime());
    }

    @AfterEach
    void close() {
        broker.close();
    }

    private List<Object> enqueue(String callId, boolean resent, Task task) {
        Task t = task.stamped(Instant.ofEpochMilli(clock.millis()));
        List<String> args = broker.args(keys, clock.millis());
        String spec = t.uniqueKey() == null ? "0"
                : "0|0|" + t.id() + "|h|" + (clock.millis() + 60_000) + "|120000|1|" + t.uniqueKey();
        args.addAll(List.of(callId, resent ? "1" : "0", "1", spec, TaskCodec.encode(t)));
        return ResultCodes.list(broker.link().eval(Scripts.ENQUEUE, keys.encoded(), args, "q", null), "enqueue", "q");
    }

    private List<Object> fetch(String prefix, boolean resent) {
        List<String> args = broker.args(keys, clock.millis());
        args.addAll(List.of("10", "30000", prefix, "100", "100", resent ? "1" : "0"));
        return ResultCodes.list(broker.link().eval(Scripts.FETCH, keys.encoded(), args, "q", null), "fetch", "q");
    }

    private long readyCount() {
        return (Long) REDIS.command("LLEN", keys.ready(0));
    }

    @Test
    void aResentEnqueueThatWasStoredIsNotStoredAgain() {
        Task task = Task.builder("t").id("once").uniqueKey("u1").build();
        assertThat(enqueue("call-1", false, task)).containsExactly("");
        assertThat(enqueue("call-1", true, task)).as("the re-send's answer").containsExactly("");
        assertThat(readyCount()).isEqualTo(1);

        Task other = Task.builder("t").id("other").uniqueKey("u1").build();
        assertThat(enqueue("call-2", false, other)).as("a real duplicate").containsExactly("once");
        assertThat(enqueue("call-2", true, other)).as("its re-send").containsExactly("once");
        assertThat(readyCount()).isEqualTo(1);
    }

    @Test
    void aResentEnqueueWhoseFirstSendNeverArrivedIsStored() {
        assertThat(enqueue("call-9", true, Task.of("t", "{}"))).containsExactly("");
        assertThat(readyCount()).isEqualTo(1);
    }

    @Test
    void aResentFetchReturnsTheLeasesOfItsFirstSend() {
        enqueue("c1", false, Task.builder("t").id("a").build());
        enqueue("c2", false, Task.builder("t").id("b").build());
        List<Object> first = fetch("p1:", false);
        assertThat(first).hasSize(2 + 8);
        List<Object> again = fetch("p1:", true);
        assertThat(again).as("the re-send answers with the same leases").isEqualTo(first);
        assertThat(fetch("p2:", true)).as("a re-send whose first send leased nothing").containsExactly(0L, 30_000L);
    }
}

package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;
import dev.spool.api.BackendException;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A server that requires a password: the right one works, a wrong one fails naming the server and neither password. */
class RedisStreamAuthTest {
    private static final String PASSWORD = "s3cret-Pw-42";

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated().withConfig("requirepass", PASSWORD);

    @Test
    void theRightPasswordWorks() {
        assertThat(REDIS.url()).contains(PASSWORD);
        try (Broker broker = Spool.connect("redis-stream", REDIS.url())) {
            String queue = "auth-" + System.nanoTime();
            String id = broker.queue(queue).enqueue(Task.of("t", "{}")).taskId();
            assertThat(broker.queue(queue).fetch(1, Duration.ZERO)).extracting(Delivery::id).containsExactly(id);
        }
    }

    @Test
    void aWrongPasswordFailsWithoutShowingAnyPassword() {
        String wrong = "wrong-Pw-" + System.nanoTime();
        String url = "redis://default:" + wrong + "@" + REDIS.host() + ":" + REDIS.port();
        BackendException e = catchThrowableOfType(BackendException.class,
                () -> Spool.connect("redis-stream", BackendConfig.builder(url).option("timeout.connect", "3s").build()).close());
        assertThat(e).as("a wrong password is refused").isNotNull();
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(e.getMessage()).contains(REDIS.host() + ":" + REDIS.port());
        assertThat(trace.toString()).doesNotContain(wrong).doesNotContain(PASSWORD);
    }
}

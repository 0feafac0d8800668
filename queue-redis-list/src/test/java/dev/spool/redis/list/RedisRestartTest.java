package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.testkit.Eventually;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis (appendonly yes, appendfsync always) is stopped and started again while a producer and
 * consumers run: the queue reconnects by itself and every accepted task is processed.
 */
class RedisRestartTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated()
            .withConfig("appendonly", "yes").withConfig("appendfsync", "always");

    @Test
    void theQueueReconnectsAfterARestartAndEveryAcceptedTaskIsProcessed() throws Exception {
        String queue = "restart";
        BackendConfig config = BackendConfig.builder(REDIS.url()).lease(Duration.ofSeconds(30)).build();
        try (Broker broker = Spool.connect("redis-list", config);
             LoadRun run = new LoadRun(broker, queue, 4_000, 2)) {
            Eventually.until(Duration.ofSeconds(60), "1,000 tasks accepted", () -> run.accepted.size() >= 1_000);
            REDIS.stop();
            Thread.sleep(1_000); // the outage
            REDIS.start();
            Eventually.until(Duration.ofSeconds(120), run::describe, run::allDelivered);
            assertThat(run.accepted).hasSize(4_000);
            Eventually.until(Duration.ofSeconds(30), "nothing left pending",
                    () -> broker.inspector().stats(queue).pending() == 0);
            assertThat(broker.inspector().stats(queue).dead()).isZero();
            assertThat(run.redeliveries.get()).as("tasks delivered twice: a re-sent call must be answered, not repeated")
                    .isZero();
        }
    }
}

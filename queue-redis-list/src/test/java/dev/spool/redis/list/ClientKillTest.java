package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.testkit.Eventually;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue's connections are killed (CLIENT KILL) again and again mid-run: work resumes and nothing is lost. */
class ClientKillTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    @Test
    void killedConnectionsAreReplacedAndNothingIsLost() throws Exception {
        String queue = "kill-" + System.nanoTime();
        BackendConfig config = BackendConfig.builder(REDIS.url()).lease(Duration.ofSeconds(30))
                .option("client.name", "spool-victim").build();
        int killed = 0;
        try (Broker broker = Spool.connect("redis-list", config);
             LoadRun run = new LoadRun(broker, queue, 5_000, 3);
             Jedis admin = REDIS.jedis()) {
            for (int round = 0; round < 500 && !run.allDelivered(); round++) {
                Thread.sleep(20);
                for (String line : admin.clientList().split("\n")) {
                    if (line.contains(" name=spool-victim ")) {
                        String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                        admin.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "KILL", "ID", id);
                        killed++;
                    }
                }
            }
            Eventually.until(Duration.ofSeconds(120), run::describe, run::allDelivered);
            assertThat(killed).as("connections killed").isPositive();
            assertThat(run.redeliveries.get()).as("tasks delivered twice: a re-sent call must be answered, not repeated")
                    .isZero();
            assertThat(run.accepted).hasSize(5_000);
            Eventually.until(Duration.ofSeconds(30), "nothing left pending",
                    () -> broker.inspector().stats(queue).pending() == 0);
            System.out.println("client kill test: killed " + killed + " connections; " + run.describe()
                    + ", redeliveries " + run.redeliveries.get());
        }
    }
}

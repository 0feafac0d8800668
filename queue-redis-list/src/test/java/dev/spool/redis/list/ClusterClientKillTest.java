package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.testkit.Eventually;
import dev.spool.testkit.redis.ClusterNode;
import dev.spool.testkit.redis.RedisClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a 3-master Redis Cluster, the queue's connections to every master are killed again and again
 * mid-run, for three queues on different shards: work resumes and nothing is lost or stored twice.
 */
class ClusterClientKillTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.create(3, 0);

    /** Three queue names whose keys live on three different masters. */
    private static String[] oneQueuePerMaster() {
        java.util.Map<String, String> byMaster = new java.util.LinkedHashMap<>();
        for (int i = 0; byMaster.size() < 3; i++) {
            String q = "shard-" + i;
            byMaster.putIfAbsent(CLUSTER.masterForKey(new Keys(q).ready(0)).id(), q);
        }
        return byMaster.values().toArray(new String[0]);
    }

    @Test
    void killedClusterConnectionsAreReplacedAndNothingIsLost() throws Exception {
        BackendConfig config = BackendConfig.builder(CLUSTER.seedUrl()).lease(Duration.ofSeconds(30))
                .option("client.name", "spool-victim").build();
        String[] queues = oneQueuePerMaster();
        int killed = 0;
        try (Broker broker = Spool.connect("redis-list", config);
             LoadRun a = new LoadRun(broker, queues[0], 2_000, 2);
             LoadRun b = new LoadRun(broker, queues[1], 2_000, 2);
             LoadRun c = new LoadRun(broker, queues[2], 2_000, 2)) {
            for (int round = 0; round < 300 && !(a.allDelivered() && b.allDelivered() && c.allDelivered()); round++) {
                Thread.sleep(30);
                for (ClusterNode node : CLUSTER.masters()) {
                    try (Jedis admin = node.jedis()) {
                        for (String line : admin.clientList().split("\n")) {
                            if (line.contains(" name=spool-victim ")) {
                                String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                                admin.sendCommand(Protocol.Command.CLIENT, "KILL", "ID", id);
                                killed++;
                            }
                        }
                    }
                }
            }
            for (LoadRun run : new LoadRun[] {a, b, c}) {
                Eventually.until(Duration.ofSeconds(120), run::describe, run::allDelivered);
                assertThat(run.accepted).hasSize(2_000);
            }
            for (String q : queues) {
                Eventually.until(Duration.ofSeconds(30), "nothing left pending in " + q,
                        () -> broker.inspector().stats(q).pending() == 0);
                assertThat(broker.inspector().stats(q).processed()).as("processed in %s", q).isGreaterThanOrEqualTo(2_000);
            }
            assertThat(killed).as("connections killed").isPositive();
            assertThat(a.redeliveries.get() + b.redeliveries.get() + c.redeliveries.get())
                    .as("tasks delivered twice: a re-sent call must be answered, not repeated").isZero();
            System.out.println("cluster client kill test: killed " + killed + " connections; " + a.describe()
                    + "; redeliveries " + (a.redeliveries.get() + b.redeliveries.get() + c.redeliveries.get()));
        }
    }
}

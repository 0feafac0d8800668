package dev.spool.reliability;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.redis.ClusterNode;
import dev.spool.testkit.redis.RedisClusterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding R3 (queue-redis-list), now guarded: with the option {@code replicas.wait=1} on a Redis Cluster,
 * after the queue's master was killed and its replica promoted, the next enqueue of the same broker threw
 * {@code IllegalStateException: Please close pipeline or multi block before calling this method.} (EVALSHA +
 * WAIT went through Jedis's cluster pipeline, which neither follows a MOVED nor renews its slot map), and
 * under load the enqueues failed with {@code MOVED} until the producer gave up. The backend now sends the
 * pair on the connection of the key's slot and renews the slot map on a MOVED or a dead node; this test
 * kills the master, promotes the replica and checks the next enqueue is accepted. redis-stream, which sends
 * the pair as a Redisson batch with sync options, runs the same check.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class ReplicasWaitFailoverTest {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.create(3, 1);

    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void anEnqueueWithReplicasWaitFollowsAFailover(String backend) {
        CLUSTER.awaitHealthy(); // the other backend's run left a promoted replica and a rejoined master
        BackendConfig config = BackendConfig.builder(CLUSTER.seedUrl()).option("replicas.wait", "1")
                .option("replicas.timeout", "1s").option("retry.for", "20s").build();
        String queue = "r3-" + backend;
        try (Broker broker = Spool.connect(backend, config)) {
            TaskQueue q = broker.queue(queue);
            assertThat(q.enqueue(Task.of("t", "{}")).accepted()).as("an enqueue before the failover").isTrue();
            ClusterNode master = CLUSTER.masterForKey("spool:{" + queue + "}:ready");
            ClusterNode replica = CLUSTER.replicasOf(master).get(0);
            CLUSTER.killNode(master);
            CLUSTER.promote(replica);
            CLUSTER.startNode(master); // back as a replica of the promoted node: WAIT 1 can be confirmed again
            assertThat(q.enqueue(Task.of("t", "{}")).accepted()).as("an enqueue after the failover").isTrue();
        }
    }
}

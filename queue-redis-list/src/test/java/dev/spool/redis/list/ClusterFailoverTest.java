package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.Eventually;
import dev.spool.testkit.redis.ClusterNode;
import dev.spool.testkit.redis.RedisClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis Cluster with a replica per master. A coordinated fail-over (CLUSTER FAILOVER: the replica
 * catches up, then takes over) of a busy queue's shard loses and repeats nothing; a master killed
 * outright is replaced after the node timeout and the queue follows by itself. (What a killed
 * master had not yet replicated is lost by Redis itself: asynchronous replication.)
 */
class ClusterFailoverTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.create(3, 1);

    private static ClusterNode masterOf(String queue) {
        return CLUSTER.masterForKey(new Keys(queue).ready(0));
    }

    /** A queue name whose shard is not {@code other}'s. */
    private static String queueNotOn(String prefix, ClusterNode other) {
        for (int i = 0; ; i++) {
            String q = prefix + i;
            if (other == null || !masterOf(q).id().equals(other.id())) {
                return q;
            }
        }
    }

    @Test
    void aCoordinatedFailoverMidRunLosesAndRepeatsNothing() {
        String queue = queueNotOn("handover-", null);
        BackendConfig config = BackendConfig.builder(CLUSTER.seedUrl()).lease(Duration.ofSeconds(30)).build();
        try (Broker broker = Spool.connect("redis-list", config);
             LoadRun run = new LoadRun(broker, queue, 4_000, 2)) {
            Eventually.until(Duration.ofSeconds(60), "1,000 tasks accepted", () -> run.accepted.size() >= 1_000);
            ClusterNode old = masterOf(queue);
            ClusterNode replica = CLUSTER.replicasOf(old).get(0);
            replica.command("CLUSTER", "FAILOVER");
            Eventually.until(Duration.ofSeconds(60), "the replica to take over", replica::isMaster);
            CLUSTER.awaitHealthy();
            Eventually.until(Duration.ofSeconds(120), run::describe, run::allDelivered);
            assertThat(run.accepted).hasSize(4_000);
            assertThat(run.redeliveries.get()).as("tasks delivered twice").isZero();
            Eventually.until(Duration.ofSeconds(30), "nothing left pending",
                    () -> broker.inspector().stats(queue).pending() == 0);
        }
    }

    @Test
    void aKilledMasterIsReplacedAndTheQueueFollowsByItself() {
        BackendConfig config = BackendConfig.builder(CLUSTER.seedUrl()).lease(Duration.ofSeconds(30)).build();
        String queue = queueNotOn("killed-", masterOf("handover-0"));
        try (Broker broker = Spool.connect("redis-list", config)) {
            TaskQueue q = broker.queue(queue);
            String before = q.enqueue(Task.of("before", "{}")).taskId();
            ClusterNode doomed = masterOf(queue);
            CLUSTER.killNode(doomed);
            CLUSTER.awaitFailover(doomed);
            String after = q.enqueue(Task.of("after", "{}")).taskId();
            List<Delivery> got = q.fetch(10, Duration.ofSeconds(10));
            assertThat(got).extracting(Delivery::id).as("the task enqueued after the failover").contains(after);
            System.out.println("cluster failover test (kill): the task enqueued just before the kill was "
                    + (got.stream().anyMatch(d -> d.id().equals(before)) ? "kept" : "lost by the unreplicated master"));
            assertThat(q.ackAll(got)).isEqualTo(got.size());
        }
    }

    @Test
    void withReplicasWaitAnEnqueueReturnsOnlyOnceAReplicaHasIt() {
        BackendConfig config = BackendConfig.builder(CLUSTER.seedUrl()).option("replicas.wait", "1")
                .option("replicas.timeout", "5s").build();
        String queue = "replicated";
        try (Broker broker = Spool.connect("redis-list", config)) {
            ClusterNode master = masterOf(queue);
            master.command("SCRIPT", "FLUSH"); // the first call also takes the NOSCRIPT path
            long waits = waitCalls(master);
            List<Task> tasks = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                tasks.add(Task.of("t", "{\"i\":" + i + "}"));
            }
            assertThat(broker.queue(queue).enqueueAll(tasks)).allMatch(r -> r.accepted());
            assertThat(waitCalls(master) - waits).as("WAITs on the queue's master").isPositive();
            ClusterNode replica = CLUSTER.replicasOf(master).get(0);
            try (redis.clients.jedis.Jedis onReplica = replica.jedis()) {
                onReplica.readonly();
                assertThat(onReplica.llen(new Keys(queue).ready(0))).as("tasks already on the replica").isEqualTo(100);
            }
            assertThat(broker.queue(queue).fetch(100, Duration.ZERO)).hasSize(100);
        }
    }

    private static long waitCalls(ClusterNode node) {
        String stats = node.info("commandstats").getOrDefault("cmdstat_wait", "calls=0,");
        return Long.parseLong(stats.substring(stats.indexOf("calls=") + 6, stats.indexOf(',', stats.indexOf("calls="))));
    }
}

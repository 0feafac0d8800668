package dev.spool.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisDataException;

/** A 3-master cluster built from Java reaches cluster_state:ok and serves keys through a cluster client. */
class ClusterThreeMastersTest {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.create(3, 0);

    @Test
    void everyNodeReportsOkAndAllSlotsAreCovered() {
        assertThat(CLUSTER.nodes()).hasSize(3);
        assertThat(CLUSTER.masters()).hasSize(3);
        assertThat(CLUSTER.replicas()).isEmpty();
        for (ClusterNode n : CLUSTER.nodes()) {
            assertThat(n.clusterInfo())
                    .containsEntry("cluster_state", "ok")
                    .containsEntry("cluster_slots_assigned", "16384")
                    .containsEntry("cluster_known_nodes", "3");
            assertThat(n.id()).hasSize(40);
        }
        assertThat(CLUSTER.masterForSlot(0)).isEqualTo(CLUSTER.nodes().get(0));
        assertThat(CLUSTER.masterForSlot(16383)).isEqualTo(CLUSTER.nodes().get(2));
    }

    @Test
    void seedUrlListsTheMasters() {
        StringBuilder expected = new StringBuilder("redis://");
        for (ClusterNode n : CLUSTER.nodes()) {
            expected.append(expected.length() > 8 ? "," : "").append("127.0.0.1:").append(n.port());
        }
        assertThat(CLUSTER.seedUrl()).isEqualTo(expected.toString());
    }

    @Test
    void keysGoThroughAClusterClientToTheOwningMaster() {
        Set<ClusterNode> owners = new HashSet<>();
        try (JedisCluster jc = CLUSTER.jedisCluster()) {
            for (int i = 0; i < 30; i++) {
                jc.set("key-" + i, "value-" + i);
            }
            for (int i = 0; i < 30; i++) {
                String key = "key-" + i;
                assertThat(jc.get(key)).isEqualTo("value-" + i);
                ClusterNode owner = CLUSTER.masterForKey(key);
                owners.add(owner);
                assertThat(owner.command("GET", key)).isEqualTo("value-" + i);
                ClusterNode other = CLUSTER.nodes().stream().filter(n -> !n.equals(owner)).findFirst().orElseThrow();
                assertThatThrownBy(() -> other.command("GET", key)).isInstanceOf(JedisDataException.class).hasMessageContaining("MOVED");
            }
            // keys of one hash tag share a slot, so a multi-key command works
            jc.set("{orders}:a", "1");
            jc.set("{orders}:b", "2");
            assertThat(jc.mget("{orders}:a", "{orders}:b")).containsExactly("1", "2");
        }
        assertThat(owners).hasSize(3);
        assertThat(RedisClusterExtension.slotOf("{orders}:a")).isEqualTo(RedisClusterExtension.slotOf("orders"));
    }

    @Test
    void flushAllEmptiesEveryMaster() {
        try (JedisCluster jc = CLUSTER.jedisCluster()) {
            for (int i = 0; i < 20; i++) {
                jc.set("doomed-" + i, "x");
            }
        }
        CLUSTER.flushAll();
        for (ClusterNode m : CLUSTER.masters()) {
            assertThat(m.command("DBSIZE")).isEqualTo(0L);
        }
    }
}

package dev.spool.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import redis.clients.jedis.JedisCluster;

/** A shared cluster is flushed before the class and refuses to be broken. */
class SharedClusterTest {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.shared(3, 0);

    @Test
    void startsEmptyServesKeysAndRefusesKills() {
        for (ClusterNode m : CLUSTER.masters()) {
            assertThat(m.command("DBSIZE")).isEqualTo(0L);
        }
        try (JedisCluster jc = CLUSTER.jedisCluster()) {
            jc.set("{q}:x", "1");
            assertThat(jc.get("{q}:x")).isEqualTo("1");
        }
        ClusterNode node = CLUSTER.nodes().get(0);
        assertThatThrownBy(() -> CLUSTER.killNode(node)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RedisClusterExtension.create");
        assertThat(node.isRunning()).isTrue();
        assertThatThrownBy(() -> RedisClusterExtension.shared(3, 0).withConfig("appendonly", "yes"))
                .isInstanceOf(IllegalStateException.class);
    }
}

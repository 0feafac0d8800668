package dev.spool.reliability;

import dev.spool.testkit.redis.ClusterNode;
import dev.spool.testkit.redis.RedisClusterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The stand-in for a "WAIT for a replica on enqueue" option that the backends do not have yet:
 * after an enqueue, a marker write on the queue's slot and {@code WAIT 1 timeout} on the same
 * connection to the slot's master. Replication is one ordered stream per master, so once the
 * replica has the marker it has the enqueue before it. It costs one round trip more than a real
 * option would (the marker write), so its cost measured here is an upper bound.
 */
final class ReplicaWait implements Producer.Confirm, AutoCloseable {

    private final RedisClusterExtension cluster;
    private final String marker;
    private final long timeoutMs;
    private Jedis master;

    ReplicaWait(RedisClusterExtension cluster, String queue, long timeoutMs) {
        this.cluster = cluster;
        this.marker = "spool-test:{" + queue + "}:wait-marker";
        this.timeoutMs = timeoutMs;
    }

    @Override
    public synchronized boolean confirmed() {
        try {
            if (master == null) {
                ClusterNode node = cluster.masterForKey(marker);
                master = node.jedis();
            }
            master.set(marker, "1");
            return master.waitReplicas(1, timeoutMs) >= 1;
        } catch (JedisException | IllegalStateException e) {
            close(); // the master died or moved: find it again next time
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (master != null) {
            try {
                master.close();
            } catch (JedisException ignored) {
                // already broken
            }
            master = null;
        }
    }
}

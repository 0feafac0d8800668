package dev.spool.testkit.redis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import redis.clients.jedis.JedisCluster;

/**
 * A real Redis Cluster for a test class, on loopback. Register it as a static field:
 * <pre>{@code
 * @RegisterExtension static final RedisClusterExtension CLUSTER = RedisClusterExtension.create(3, 0);
 * // CLUSTER.seedUrl() = "redis://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3"
 * }</pre>
 *
 * <ol>
 *   <li>{@link #create} builds a cluster for the class alone (about a second for 3 masters, a few more with
 *       replicas), closed after the class: tests may kill nodes and fail over freely.</li>
 *   <li>{@link #shared} keeps one cluster of that shape per JVM (in the root extension store) and flushes its
 *       masters before each class; killing or promoting nodes on it is refused, so it stays healthy for the next class.</li>
 * </ol>
 * Clusters are always local redis-server processes ({@link RedisBinary}), even when {@code SPOOL_TEST_REDIS_URL}
 * or Docker is available: a cluster needs addresses its clients can reach as the nodes announce them.
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisClusterExtension.class);

    private final int masterCount;
    private final int replicasPerMaster;
    private final boolean shared;
    private final Map<String, String> config = new LinkedHashMap<>();
    private volatile RedisCluster cluster;
    private volatile String ownerId;

    private RedisClusterExtension(int masters, int replicasPerMaster, boolean shared) {
        if (masters < 1 || replicasPerMaster < 0) {
            throw new IllegalArgumentException("a cluster needs 1+ masters and 0+ replicas each; got " + masters + " and " + replicasPerMaster);
        }
        this.masterCount = masters;
        this.replicasPerMaster = replicasPerMaster;
        this.shared = shared;
    }

    /** A cluster of {@code masters} masters with {@code replicasPerMaster} replicas each, for this class alone. */
    public static RedisClusterExtension create(int masters, int replicasPerMaster) {
        return new RedisClusterExtension(masters, replicasPerMaster, false);
    }

    /** A cluster of this shape shared by every class of the JVM that asks for it, flushed before each class. */
    public static RedisClusterExtension shared(int masters, int replicasPerMaster) {
        return new RedisClusterExtension(masters, replicasPerMaster, true);
    }

    /** Adds a redis.conf line to every node (e.g. {@code appendonly yes}); not for {@link #shared} clusters. */
    public RedisClusterExtension withConfig(String name, String value) {
        if (shared) {
            throw new IllegalStateException("a shared cluster takes no config; use RedisClusterExtension.create(...).withConfig(...)");
        }
        config.put(name, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ownerId != null && !ownerId.equals(context.getUniqueId())) {
            return; // a @Nested class shares its outer class's cluster
        }
        ownerId = context.getUniqueId();
        if (shared) {
            String key = "cluster-" + masterCount + "x" + replicasPerMaster;
            cluster = context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(key, k -> new SharedCluster(RedisCluster.start(masterCount, replicasPerMaster, Map.of())), SharedCluster.class)
                    .cluster;
            cluster.awaitHealthy();
            cluster.flushAll();
        } else {
            cluster = RedisCluster.start(masterCount, replicasPerMaster, config);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(ownerId)) {
            return;
        }
        ownerId = null;
        RedisCluster c = cluster;
        if (!shared && c != null) {
            cluster = null;
            c.close();
        }
    }

    /** {@code redis://127.0.0.1:p1,127.0.0.1:p2,...}: the masters as created, as a seed list for a backend. */
    public String seedUrl() {
        return current().seedUrl();
    }

    /** All nodes: the masters as created, then the replicas of each in turn. */
    public List<ClusterNode> nodes() {
        return current().nodes();
    }

    /** The running nodes that are masters now. */
    public List<ClusterNode> masters() {
        return current().masters();
    }

    /** The running nodes that are replicas now. */
    public List<ClusterNode> replicas() {
        return current().replicas();
    }

    /** The running replicas of {@code master} now. */
    public List<ClusterNode> replicasOf(ClusterNode master) {
        return current().replicasOf(master);
    }

    /** The master owning {@code key}'s slot now. */
    public ClusterNode masterForKey(String key) {
        return current().masterForKey(key);
    }

    /** The master owning {@code slot} now. */
    public ClusterNode masterForSlot(int slot) {
        return current().masterForSlot(slot);
    }

    /** The hash slot of a key (hash tags honoured). */
    public static int slotOf(String key) {
        return RedisCluster.slotOf(key);
    }

    /** A new JedisCluster on the running nodes; the caller closes it. */
    public JedisCluster jedisCluster() {
        return current().jedisCluster();
    }

    /** FLUSHALL on every running master. */
    public void flushAll() {
        current().flushAll();
    }

    /** Waits until the running nodes report cluster_state:ok and replica links are up. */
    public void awaitHealthy() {
        current().awaitHealthy();
    }

    /** SIGKILLs a node (not on a shared cluster). */
    public void killNode(ClusterNode node) {
        own().killNode(node);
    }

    /** Starts a killed node again, same port and directory, and waits for a healthy cluster (not on a shared cluster). */
    public void startNode(ClusterNode node) {
        own().startNode(node);
    }

    /** Promotes a replica now with CLUSTER FAILOVER TAKEOVER and waits for a healthy cluster (not on a shared cluster). */
    public ClusterNode promote(ClusterNode replica) {
        return own().promote(replica);
    }

    /** Waits for the automatic failover of a killed master and returns the replica that took over. */
    public ClusterNode awaitFailover(ClusterNode deadMaster) {
        return own().awaitFailover(deadMaster);
    }

    /** The cluster itself. */
    public RedisCluster cluster() {
        return current();
    }

    private RedisCluster own() {
        if (shared) {
            throw new IllegalStateException("a shared cluster must stay healthy for the next class; use RedisClusterExtension.create(...) to kill or fail over nodes");
        }
        return current();
    }

    private RedisCluster current() {
        RedisCluster c = cluster;
        if (c == null) {
            throw new IllegalStateException("no cluster yet: register the extension on a static field "
                    + "(@RegisterExtension static final RedisClusterExtension CLUSTER = RedisClusterExtension.create(3, 0)) "
                    + "and use it from tests or @BeforeEach");
        }
        return c;
    }

    private static final class SharedCluster implements AutoCloseable {
        final RedisCluster cluster;

        SharedCluster(RedisCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public void close() {
            cluster.close();
        }
    }
}

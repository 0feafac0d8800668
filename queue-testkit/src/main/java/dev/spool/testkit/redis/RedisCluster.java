package dev.spool.testkit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A real Redis Cluster of local redis-server processes, built from Java (no redis-cli, no ruby).
 *
 * <ol>
 *   <li>Starts {@code masters * (1 + replicasPerMaster)} servers in parallel with {@code cluster-enabled yes},
 *       {@code cluster-config-file nodes.conf} in each node's directory and {@code cluster-node-timeout 2000}.</li>
 *   <li>Gives each master a distinct config epoch and an even share of the 16384 slots (CLUSTER ADDSLOTS, chunked;
 *       ADDSLOTSRANGE is Redis 7 only), MEETs every node from the first, waits until all know each other, then
 *       CLUSTER REPLICATE for the replicas (replica {@code j} of master {@code i} is node {@code masters + i * r + j}).</li>
 *   <li>Is ready when every node reports {@code cluster_state:ok} and every replica {@code master_link_status:up}.</li>
 *   <li>Offers what failover tests need: {@link #killNode}, {@link #startNode}, {@link #promote} (CLUSTER FAILOVER
 *       TAKEOVER) and {@link #awaitFailover} (the automatic one, after the 2 s node timeout).</li>
 * </ol>
 */
public final class RedisCluster implements AutoCloseable {

    /** Total hash slots of a Redis Cluster. */
    public static final int SLOTS = 16384;

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int ADDSLOTS_CHUNK = 2048;

    private final List<ClusterNode> nodes;
    private final List<ClusterNode> initialMasters;
    private final Map<ClusterNode, List<ClusterNode>> initialReplicas;

    private RedisCluster(List<ClusterNode> nodes, int masters, int replicasPerMaster) {
        this.nodes = List.copyOf(nodes);
        this.initialMasters = List.copyOf(nodes.subList(0, masters));
        Map<ClusterNode, List<ClusterNode>> r = new LinkedHashMap<>();
        for (int i = 0; i < masters; i++) {
            r.put(nodes.get(i), List.copyOf(nodes.subList(masters + i * replicasPerMaster, masters + (i + 1) * replicasPerMaster)));
        }
        this.initialReplicas = r;
    }

    /**
     * Starts and joins a cluster; returns when it is ready.
     *
     * @param masters           1 or more
     * @param replicasPerMaster 0 or more
     * @param extraConfig       more redis.conf lines for every node (e.g. {@code appendonly yes})
     * @throws IllegalStateException naming the node and what it reported when the cluster is not ready within 60 s
     */
    public static RedisCluster start(int masters, int replicasPerMaster, Map<String, String> extraConfig) {
        if (masters < 1 || replicasPerMaster < 0 || masters > 100) {
            throw new IllegalArgumentException("a cluster needs 1..100 masters and 0+ replicas each; got " + masters + " and " + replicasPerMaster);
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("cluster-enabled", "yes");
        config.put("cluster-config-file", "nodes.conf");
        config.put("cluster-node-timeout", "2000");
        config.put("cluster-replica-validity-factor", "0"); // a replica may always take over: tests kill masters at will
        config.putAll(extraConfig);
        int total = masters * (1 + replicasPerMaster);
        List<RedisProcess> processes = launchAll(total, config);
        try {
            List<ClusterNode> nodes = new ArrayList<>();
            for (RedisProcess p : processes) {
                nodes.add(new ClusterNode(p, (String) p.command("CLUSTER", "MYID")));
            }
            RedisCluster cluster = new RedisCluster(nodes, masters, replicasPerMaster);
            cluster.join();
            return cluster;
        } catch (RuntimeException e) {
            processes.forEach(RedisProcess::close);
            throw e;
        }
    }

    private static List<RedisProcess> launchAll(int count, Map<String, String> config) {
        RedisBinary binary = RedisBinary.find();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, 8), r -> {
            Thread t = new Thread(r, "spool-cluster-start");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<RedisProcess>> starts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                starts.add(CompletableFuture.supplyAsync(() -> RedisProcess.launch(binary, config), pool));
            }
            List<RedisProcess> started = new ArrayList<>();
            RuntimeException failure = null;
            for (CompletableFuture<RedisProcess> f : starts) {
                try {
                    started.add(f.join());
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                started.forEach(RedisProcess::close);
                throw new IllegalStateException("a cluster node did not start: " + failure.getMessage(), failure);
            }
            return started;
        } finally {
            pool.shutdown();
        }
    }

    private void join() {
        int masters = initialMasters.size();
        for (int i = 0; i < masters; i++) {
            ClusterNode m = initialMasters.get(i);
            m.command("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
            int from = (int) ((long) SLOTS * i / masters);
            int to = (int) ((long) SLOTS * (i + 1) / masters) - 1;
            for (int start = from; start <= to; start += ADDSLOTS_CHUNK) {
                List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
                for (int s = start; s <= Math.min(to, start + ADDSLOTS_CHUNK - 1); s++) {
                    args.add(Integer.toString(s));
                }
                m.command(args.toArray(String[]::new));
            }
        }
        ClusterNode first = nodes.get(0);
        for (ClusterNode n : nodes.subList(1, nodes.size())) {
            first.command("CLUSTER", "MEET", n.host(), Integer.toString(n.port()));
        }
        await("every node to know all " + nodes.size() + " nodes",
                () -> nodes.stream().allMatch(n -> view(n).knowsAll(nodes.size())), this::diagnose);
        initialReplicas.forEach((master, replicas) -> replicas.forEach(r -> r.command("CLUSTER", "REPLICATE", master.id())));
        awaitHealthy();
    }

    /**
     * Waits until every running node reports {@code cluster_state:ok}, every running replica's link is up, and
     * all running nodes agree on who owns which slots and who replicates whom.
     */
    public void awaitHealthy() {
        await("cluster_state:ok on every running node, master_link_status:up on every replica and one agreed topology", () -> {
            List<ClusterNode> running = runningNodes();
            if (running.stream().map(n -> view(n).topology()).distinct().count() != 1) {
                return false;
            }
            for (ClusterNode n : running) {
                if (!"ok".equals(n.clusterInfo().get("cluster_state"))) {
                    return false;
                }
                Map<String, String> repl = n.info("replication");
                if ("slave".equals(repl.get("role")) && !"up".equals(repl.get("master_link_status"))) {
                    return false;
                }
            }
            return true;
        }, this::diagnose);
    }

    /** All nodes, masters first as created (replicas of master {@code i} follow in order). */
    public List<ClusterNode> nodes() {
        return nodes;
    }

    /** The running nodes that say they are masters now. */
    public List<ClusterNode> masters() {
        return runningNodes().stream().filter(ClusterNode::isMaster).toList();
    }

    /** The running nodes that say they are replicas now. */
    public List<ClusterNode> replicas() {
        return runningNodes().stream().filter(n -> !n.isMaster()).toList();
    }

    /** The running replicas of {@code master} now, per the cluster's view. */
    public List<ClusterNode> replicasOf(ClusterNode master) {
        ClusterView v = liveView();
        return runningNodes().stream()
                .filter(n -> v.byId(n.id()).map(e -> master.id().equals(e.masterId())).orElse(false))
                .toList();
    }

    /** The masters the cluster was created with, whatever happened to them since. */
    public List<ClusterNode> initialMasters() {
        return initialMasters;
    }

    /** {@code redis://127.0.0.1:p1,127.0.0.1:p2,...}: the initial masters, as a seed list. */
    public String seedUrl() {
        return "redis://" + initialMasters.stream().map(ClusterNode::address).collect(Collectors.joining(","));
    }

    /** The master that owns {@code key}'s slot now. */
    public ClusterNode masterForKey(String key) {
        return masterForSlot(slotOf(key));
    }

    /** The master that owns {@code slot} now (per a running node's view; it may be a killed one not yet failed over). */
    public ClusterNode masterForSlot(int slot) {
        if (slot < 0 || slot >= SLOTS) {
            throw new IllegalArgumentException("slot must be 0.." + (SLOTS - 1) + ", got " + slot);
        }
        String id = liveView().ownerOf(slot).orElseThrow(() -> new IllegalStateException("no master owns slot " + slot + ":\n" + diagnose())).id();
        return byId(id);
    }

    /** The hash slot of a key (hash tags honoured). */
    public static int slotOf(String key) {
        return JedisClusterCRC16.getSlot(key);
    }

    /** SIGKILLs a node; its port and directory are kept for {@link #startNode}. */
    public void killNode(ClusterNode node) {
        node.process().kill();
    }

    /** Starts a stopped or killed node again (same port, directory and nodes.conf), then waits for a healthy cluster. */
    public void startNode(ClusterNode node) {
        node.process().start();
        awaitHealthy();
    }

    /**
     * Makes {@code replica} a master now with CLUSTER FAILOVER TAKEOVER (no agreement needed, works with its
     * master dead), then waits until it says it is master and the running nodes report the cluster ok.
     */
    public ClusterNode promote(ClusterNode replica) {
        if (replica.isMaster()) {
            throw new IllegalArgumentException(replica + " is already a master");
        }
        replica.command("CLUSTER", "FAILOVER", "TAKEOVER");
        await(replica + " to become master", replica::isMaster, this::diagnose);
        EpochTie.settle(replica, nodes);
        awaitHealthy();
        return replica;
    }

    /**
     * Waits for the automatic failover of a killed master (node timeout 2 s, then an election) and returns the
     * replica that took over.
     */
    public ClusterNode awaitFailover(ClusterNode deadMaster) {
        List<ClusterNode> candidates = initialReplicasOf(deadMaster);
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException(deadMaster + " has no replica: nothing can take over");
        }
        ClusterNode[] winner = new ClusterNode[1];
        await("a replica of " + deadMaster + " to take over", () -> {
            for (ClusterNode c : candidates) {
                if (c.isRunning() && c.isMaster()) {
                    winner[0] = c;
                    return true;
                }
            }
            return false;
        }, this::diagnose);
        awaitHealthy();
        return winner[0];
    }

    /** A new cluster client on the seed list; the caller closes it. */
    public JedisCluster jedisCluster() {
        Set<HostAndPort> seeds = new LinkedHashSet<>();
        runningNodes().forEach(n -> seeds.add(n.hostAndPort()));
        return new JedisCluster(seeds, DefaultJedisClientConfig.builder().connectionTimeoutMillis(5_000).socketTimeoutMillis(10_000).build());
    }

    /** FLUSHALL on every running master. */
    public void flushAll() {
        for (ClusterNode m : masters()) {
            m.command("FLUSHALL");
        }
    }

    /** Kills every node and deletes their directories. */
    @Override
    public void close() {
        nodes.forEach(n -> n.process().close());
    }

    /** Every node's view, for error messages. */
    String diagnose() {
        StringBuilder sb = new StringBuilder();
        for (ClusterNode n : nodes) {
            sb.append("--- ").append(n).append('\n');
            if (!n.isRunning()) {
                continue;
            }
            try {
                sb.append("cluster_state:").append(n.clusterInfo().get("cluster_state"))
                        .append(" master_link_status:").append(n.info("replication").get("master_link_status")).append('\n')
                        .append(n.command("CLUSTER", "NODES"));
            } catch (RuntimeException e) {
                sb.append("(no answer: ").append(e.getMessage()).append(")\n").append(n.process().logTail(10)).append('\n');
            }
        }
        return sb.toString();
    }

    private List<ClusterNode> initialReplicasOf(ClusterNode master) {
        return initialReplicas.getOrDefault(master, List.of());
    }

    private List<ClusterNode> runningNodes() {
        return nodes.stream().filter(ClusterNode::isRunning).toList();
    }

    private ClusterNode byId(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("node id " + id + " is not one of this cluster's nodes"));
    }

    private static ClusterView view(ClusterNode n) {
        return ClusterView.parse((String) n.command("CLUSTER", "NODES"));
    }

    /** The view of a running master (a replica's view may lag), else of any running node. */
    private ClusterView liveView() {
        List<ClusterNode> running = runningNodes();
        if (running.isEmpty()) {
            throw new IllegalStateException("no node of the cluster is running");
        }
        ClusterNode source = running.stream().filter(ClusterNode::isMaster).findFirst().orElse(running.get(0));
        return view(source);
    }

    static void await(String what, BooleanSupplier done, Supplier<String> diagnosis) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        RuntimeException lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                if (done.getAsBoolean()) {
                    return;
                }
                lastError = null;
            } catch (RuntimeException e) {
                lastError = e; // a node restarting or loading: keep polling
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
        throw new IllegalStateException("Redis Cluster: gave up after " + READY_TIMEOUT.toSeconds() + " s waiting for " + what
                + (lastError == null ? "" : " (last error: " + lastError + ")") + "; nodes say:\n" + diagnosis.get());
    }
}

package dev.spool.testkit.redis;

import java.util.List;

/**
 * Repairs a config-epoch tie left by {@code CLUSTER FAILOVER TAKEOVER}. TAKEOVER gives the promoted
 * node a new config epoch without agreement only when its own epoch is not already the greatest it
 * knows. A node that was a master before, with the greatest epoch, keeps that epoch; if its dead
 * master holds the same one, the dead node's claim on the slots stands in the other nodes' tables
 * beside the new one, and they never agree (cluster_state:fail). Redis settles such ties only between
 * masters that both run. The repair: another running master raises the current epoch
 * ({@code CLUSTER BUMPEPOCH}); once the promoted node has heard of it, its own {@code BUMPEPOCH}
 * takes a new, greatest epoch, which every node accepts.
 */
final class EpochTie {
    private EpochTie() {
    }

    /** Settles a tie between {@code promoted} and a node that is not running; does nothing without one. */
    static void settle(ClusterNode promoted, List<ClusterNode> nodes) {
        long mine = epoch(promoted);
        if (!tiedWithADeadNode(promoted, nodes, mine)) {
            return;
        }
        ClusterNode other = nodes.stream()
                .filter(n -> n != promoted && n.isRunning() && n.isMaster() && epoch(n) != mine)
                .findFirst().orElse(null);
        if (other == null) {
            return; // no running master to raise the epoch: leave it to awaitHealthy's diagnosis
        }
        other.command("CLUSTER", "BUMPEPOCH");
        long raised = Long.parseLong(other.clusterInfo().get("cluster_current_epoch"));
        RedisCluster.await(promoted + " to hear of epoch " + raised,
                () -> Long.parseLong(promoted.clusterInfo().get("cluster_current_epoch")) >= raised,
                () -> "current epoch of " + promoted + ": " + promoted.clusterInfo().get("cluster_current_epoch"));
        Object bumped = promoted.command("CLUSTER", "BUMPEPOCH");
        System.out.println("Redis Cluster: " + promoted + " was promoted with epoch " + mine + ", as its dead master "
                + "held; " + other + " raised the current epoch to " + raised + ", then the promoted node: " + bumped);
    }

    private static long epoch(ClusterNode n) {
        return Long.parseLong(n.clusterInfo().get("cluster_my_epoch"));
    }

    /** Whether {@code promoted}'s table shows a node that is not running as a master with {@code epoch}. */
    private static boolean tiedWithADeadNode(ClusterNode promoted, List<ClusterNode> nodes, long epoch) {
        String table = (String) promoted.command("CLUSTER", "NODES");
        for (String line : table.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8 || !f[2].contains("master") || f[2].contains("myself")) {
                continue;
            }
            boolean down = nodes.stream().noneMatch(n -> n.id().equals(f[0]) && n.isRunning());
            if (down && Long.parseLong(f[6]) == epoch) {
                return true;
            }
        }
        return false;
    }
}

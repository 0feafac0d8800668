package dev.spool.testkit.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One node's answer to CLUSTER NODES, parsed: who is master of which slots, who replicates whom.
 *
 * @param entries one per known node
 */
record ClusterView(List<Entry> entries) {

    /**
     * One line of CLUSTER NODES.
     *
     * @param id       node id
     * @param port     client port
     * @param flags    e.g. {@code myself}, {@code master}, {@code slave}, {@code fail?}, {@code fail}, {@code handshake}
     * @param masterId the master's id for a replica, else {@code -}
     * @param linkUp   true if the link state is {@code connected}
     * @param slots    slot ranges owned, as [from, to] pairs
     */
    record Entry(String id, int port, Set<String> flags, String masterId, boolean linkUp, List<int[]> slots) {

        boolean isMaster() {
            return flags.contains("master");
        }

        boolean isFailed() {
            return flags.contains("fail") || flags.contains("fail?");
        }

        boolean owns(int slot) {
            return slots.stream().anyMatch(r -> slot >= r[0] && slot <= r[1]);
        }
    }

    static ClusterView parse(String clusterNodes) {
        List<Entry> entries = new ArrayList<>();
        for (String line : clusterNodes.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split(" ");
            String addr = f[1];
            int at = addr.indexOf('@');
            String hostPort = at >= 0 ? addr.substring(0, at) : addr;
            int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue; // a slot being migrated or imported
                }
                int dash = f[i].indexOf('-');
                int from = Integer.parseInt(dash < 0 ? f[i] : f[i].substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(f[i].substring(dash + 1));
                slots.add(new int[] {from, to});
            }
            entries.add(new Entry(f[0], port, Set.of(f[2].split(",")), f[3], "connected".equals(f[7]), slots));
        }
        return new ClusterView(List.copyOf(entries));
    }

    /** The master owning {@code slot} in this view. */
    Optional<Entry> ownerOf(int slot) {
        return entries.stream().filter(Entry::isMaster).filter(e -> e.owns(slot)).findFirst();
    }

    Optional<Entry> byId(String id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /**
     * Who is master of which slots and who replicates whom, without the fields that differ between views
     * (myself, failure suspicion, pings): equal on every node once gossip has converged.
     */
    String topology() {
        return entries.stream()
                .sorted(java.util.Comparator.comparing(Entry::id))
                .map(e -> e.id() + (e.isMaster() ? " master " : " replica-of ") + e.masterId() + " "
                        + e.slots().stream().map(r -> r[0] + "-" + r[1]).collect(java.util.stream.Collectors.joining(",")))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** True when the node knows {@code count} nodes, none of them still in handshake. */
    boolean knowsAll(int count) {
        return entries.size() == count && entries.stream().noneMatch(e -> e.flags().contains("handshake") || e.flags().contains("noaddr"));
    }
}

package dev.spool.testkit.redis;

import java.util.Map;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * One redis-server of a {@link RedisClusterExtension} cluster. Its id, port and directory never change;
 * its role does (a failover turns a replica into a master), so {@link #role()} asks the node itself.
 */
public final class ClusterNode {

    private final RedisProcess process;
    private final String id;

    ClusterNode(RedisProcess process, String id) {
        this.process = process;
        this.id = id;
    }

    /** The 40-character cluster node id (kept across restarts in the node's nodes.conf). */
    public String id() {
        return id;
    }

    /** Always {@code 127.0.0.1}. */
    public String host() {
        return process.host();
    }

    /** The client port (the cluster bus is this plus 10000). */
    public int port() {
        return process.port();
    }

    /** {@code 127.0.0.1:PORT}, as in a seed list. */
    public String address() {
        return host() + ":" + port();
    }

    /** {@code redis://127.0.0.1:PORT}: this node alone. */
    public String url() {
        return process.url();
    }

    /** As a Jedis host and port. */
    public HostAndPort hostAndPort() {
        return new HostAndPort(host(), port());
    }

    /** The process: pid, log, directory, stop/start. */
    public RedisProcess process() {
        return process;
    }

    /** True while the node's process is alive. */
    public boolean isRunning() {
        return process.isRunning();
    }

    /** {@code master} or {@code slave}, asked of the node (ROLE). */
    public String role() {
        Object reply = process.command("ROLE");
        return String.valueOf(((java.util.List<?>) reply).get(0));
    }

    /** True if the node says it is a master now. */
    public boolean isMaster() {
        return "master".equals(role());
    }

    /** The node's CLUSTER INFO as a map ({@code cluster_state -> ok}, ...). */
    public Map<String, String> clusterInfo() {
        return Commands.parseInfo((String) process.command("CLUSTER", "INFO"));
    }

    /** The node's INFO section as a map, e.g. {@code info("replication").get("master_link_status")}. */
    public Map<String, String> info(String section) {
        return Commands.parseInfo((String) process.command("INFO", section));
    }

    /** A new connection to this node alone; the caller closes it. */
    public Jedis jedis() {
        return process.jedis();
    }

    /** Runs one command on this node alone (no redirection is followed). */
    public Object command(String... args) {
        return process.command(args);
    }

    @Override
    public String toString() {
        return "node " + address() + " " + id.substring(0, Math.min(8, id.length())) + (isRunning() ? "" : " (down)");
    }
}

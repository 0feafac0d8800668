package dev.spool.testkit.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free loopback ports, asked of the operating system ({@code ServerSocket(0)}).
 *
 * <p>The port is released before redis-server binds it, so another process may take it in between; callers
 * retry on "Address already in use". Ports handed out in this JVM are remembered so that two servers started
 * at the same moment never get the same one.
 */
final class Ports {

    /** Redis Cluster's bus listens on the client port plus this. */
    static final int CLUSTER_BUS_OFFSET = 10_000;

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /**
     * A loopback port that is free right now; with {@code withClusterBus}, {@code port + 10000} is free too.
     *
     * @throws IllegalStateException if 200 tries find none
     */
    static int free(boolean withClusterBus) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = bindable(0);
            if (port <= 0 || HANDED_OUT.contains(port)) {
                continue;
            }
            if (withClusterBus && (port + CLUSTER_BUS_OFFSET > 65_535 || bindable(port + CLUSTER_BUS_OFFSET) <= 0)) {
                continue;
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("found no free loopback port" + (withClusterBus ? " with a free cluster bus port (+10000)" : "")
                + " after 200 tries; is the machine out of ports?");
    }

    /** Forgets a port handed out earlier (its server is closed for good). */
    static void release(int port) {
        HANDED_OUT.remove(port);
    }

    /** Binds {@code port} (0 = any) on 127.0.0.1 and returns the bound port, or -1 if it cannot. */
    private static int bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 1);
            return s.getLocalPort();
        } catch (IOException e) {
            return -1;
        }
    }
}

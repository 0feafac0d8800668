package dev.spool.api.spi;

import java.net.InetAddress;
import java.security.SecureRandom;

/**
 * The name a broker goes by: {@code <host>-<pid>-<random>}. Every backend records it as the holder of
 * each task the broker leases ({@code TaskInfo.holder()}), so that an operator can tell which process
 * runs a task and match it with {@code spool workers} (host and pid); redis-stream also names its
 * consumer in every queue's group with it.
 */
public final class ClientName {
    private ClientName() {
    }

    /** A fresh name for one broker: the host (letters, digits, {@code _ . -}), the pid and 6 random characters. */
    public static String fresh() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "host";
            }
        }
        host = host.replaceAll("[^A-Za-z0-9_.-]", "");
        long pid = ProcessHandle.current().pid();
        String random = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
        return host + "-" + pid + "-" + random.substring(0, Math.min(6, random.length()));
    }
}

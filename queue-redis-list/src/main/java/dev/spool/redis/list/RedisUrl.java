package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.SpoolException;
import redis.clients.jedis.HostAndPort;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Redis is, read from one URL: {@code redis://[[user]:password@]host[:port][/db][?cluster=true]},
 * {@code rediss://} for TLS, and a comma-separated list of {@code host:port} seeds for a Redis
 * Cluster ({@code redis://h1:7000,h2:7001}). User and password may be percent-encoded. The
 * password is kept for the connection only: {@link #toString()} shows {@code ***} instead.
 *
 * @param tls      true for {@code rediss://}
 * @param user     the ACL user, or null for the default user
 * @param password the password, or null for none
 * @param hosts    one host for a single server, the seeds for a cluster
 * @param database the database number (single server only)
 * @param cluster  true for Redis Cluster: several seeds, or {@code ?cluster=true}
 */
record RedisUrl(boolean tls, String user, String password, List<HostAndPort> hosts, int database, boolean cluster) {
    static final int DEFAULT_PORT = 6379;

    RedisUrl {
        hosts = List.copyOf(hosts);
    }

    /** Parses {@code url}; {@code clusterOption} forces cluster mode for a single seed. */
    static RedisUrl parse(String url, boolean clusterOption) {
        if (url == null || url.isBlank()) {
            throw bad(url, "is empty", "give redis://host:port");
        }
        String u = url.trim();
        boolean tls;
        if (u.regionMatches(true, 0, "redis://", 0, 8)) {
            tls = false;
            u = u.substring(8);
        } else if (u.regionMatches(true, 0, "rediss://", 0, 9)) {
            tls = true;
            u = u.substring(9);
        } else {
            throw bad(url, "does not start with redis:// or rediss://", "write it as redis://host:port (rediss:// for TLS)");
        }
        boolean cluster = clusterOption;
        int q = u.indexOf('?');
        if (q >= 0) {
            for (String param : u.substring(q + 1).split("&")) {
                if (param.isEmpty()) {
                    continue;
                }
                String[] kv = param.split("=", 2);
                if (!kv[0].equals("cluster")) {
                    throw bad(url, "has the unknown parameter '" + kv[0] + "'", "the only URL parameter is cluster=true; "
                            + "give other settings as backend options");
                }
                cluster = kv.length == 1 || Boolean.parseBoolean(kv[1]);
            }
            u = u.substring(0, q);
        }
        String user = null;
        String password = null;
        int at = u.lastIndexOf('@');
        if (at >= 0) {
            String info = u.substring(0, at);
            u = u.substring(at + 1);
            int colon = info.indexOf(':');
            if (colon < 0) {
                password = decode(info);
            } else {
                user = colon == 0 ? null : decode(info.substring(0, colon));
                password = decode(info.substring(colon + 1));
            }
            if (password != null && password.isEmpty()) {
                password = null;
            }
        }
        int database = 0;
        int slash = u.indexOf('/');
        if (slash >= 0) {
            String db = u.substring(slash + 1);
            u = u.substring(0, slash);
            if (!db.isEmpty()) {
                try {
                    database = Integer.parseInt(db);
                } catch (NumberFormatException e) {
                    database = -1;
                }
                if (database < 0) {
                    throw bad(url, "has the database '" + db + "'", "give a database number such as /0 or /3");
                }
            }
        }
        List<HostAndPort> hosts = new ArrayList<>();
        for (String h : u.split(",", -1)) {
            hosts.add(hostAndPort(url, h.trim()));
        }
        cluster = cluster || hosts.size() > 1;
        if (cluster && database != 0) {
            throw bad(url, "selects database " + database + " on a Redis Cluster", "drop the /" + database
                    + ": a cluster has database 0 only");
        }
        return new RedisUrl(tls, user, password, hosts, database, cluster);
    }

    private static HostAndPort hostAndPort(String url, String h) {
        if (h.isEmpty()) {
            throw bad(url, "has an empty host", "write host:port, and separate cluster seeds with commas");
        }
        String host;
        String port = null;
        if (h.startsWith("[")) { // [::1]:6379
            int end = h.indexOf(']');
            if (end < 0) {
                throw bad(url, "has an unclosed IPv6 address '" + h + "'", "write it as [::1]:6379");
            }
            host = h.substring(1, end);
            if (end + 1 < h.length()) {
                if (h.charAt(end + 1) != ':') {
                    throw bad(url, "has '" + h + "'", "write an IPv6 host as [::1]:6379");
                }
                port = h.substring(end + 2);
            }
        } else {
            int colon = h.lastIndexOf(':');
            host = colon < 0 ? h : h.substring(0, colon);
            port = colon < 0 ? null : h.substring(colon + 1);
        }
        int p = DEFAULT_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw bad(url, "has the port '" + port + "' for host " + host, "give a port from 1 to 65535");
            }
        }
        if (host.isEmpty()) {
            throw bad(url, "has an empty host before :" + port, "write host:port");
        }
        return new HostAndPort(host, p);
    }

    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static SpoolException bad(String url, String problem, String fix) {
        return new SpoolException("redis-list: the Redis URL '" + BackendConfig.redact(url) + "' " + problem + "; " + fix);
    }

    /** The hosts as {@code host:port,host:port}, for messages. */
    String address() {
        StringBuilder b = new StringBuilder();
        for (HostAndPort h : hosts) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(h.getHost().contains(":") ? "[" + h.getHost() + "]" : h.getHost()).append(':').append(h.getPort());
        }
        return b.toString();
    }

    /** The URL with the password shown as {@code ***}. */
    @Override
    public String toString() {
        String auth = user == null && password == null ? ""
                : (user == null ? "" : user) + (password == null ? "" : ":***") + "@";
        return (tls ? "rediss://" : "redis://") + auth + address() + (database == 0 ? "" : "/" + database)
                + (cluster && hosts.size() == 1 ? "?cluster=true" : "");
    }
}

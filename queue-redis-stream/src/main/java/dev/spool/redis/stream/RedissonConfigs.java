package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;
import dev.spool.api.SpoolException;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Spool URL into a Redisson {@link Config}: {@code redis://[user:password@]host:port[/db]},
 * {@code rediss://} for TLS, or a cluster seed list {@code redis://h1:p1,h2:p2}; or reads a Redisson
 * YAML file named by the {@code redisson.config} option for what a URL cannot say.
 */
final class RedissonConfigs {

    private RedissonConfigs() {
    }

    /** The parts of a Spool Redis URL. */
    record Target(String scheme, List<String> hosts, String user, String password, int db) {
        boolean cluster() {
            return hosts.size() > 1;
        }

        List<String> addresses() {
            return hosts.stream().map(h -> scheme + "://" + h).toList();
        }
    }

    static Config of(BackendConfig config, Settings settings) {
        Config c;
        if (settings.redissonConfig() != null) {
            try {
                c = Config.fromYAML(new File(settings.redissonConfig()));
            } catch (IOException | RuntimeException e) {
                throw new SpoolException("backend option 'redisson.config': cannot read Redisson YAML config '"
                        + settings.redissonConfig() + "': " + e.getMessage() + "; give a readable Redisson YAML file", e);
            }
        } else {
            c = fromUrl(parse(config.url()), settings);
        }
        c.setCodec(org.redisson.client.codec.StringCodec.INSTANCE);
        c.setNettyHook(new QuietTlsHook(c.getNettyHook())); // a refused certificate: Spool's message, not Netty's stack trace
        if (c.getThreads() == 16) {
            c.setThreads(4); // Redisson's listener threads: we use none, keep the default small
        }
        if (c.getNettyThreads() == 32) {
            c.setNettyThreads(8);
        }
        return c;
    }

    private static Config fromUrl(Target t, Settings s) {
        Config c = new Config();
        int timeout = (int) s.common().readTimeout().toMillis();
        int connect = (int) s.common().connectTimeout().toMillis();
        if (t.cluster()) {
            var cluster = c.useClusterServers()
                    .addNodeAddress(t.addresses().toArray(String[]::new))
                    .setReadMode(ReadMode.MASTER)
                    .setMasterConnectionPoolSize(s.common().poolSize())
                    .setMasterConnectionMinimumIdleSize(Math.min(2, s.common().poolSize()))
                    .setSlaveConnectionMinimumIdleSize(0)
                    .setSubscriptionConnectionMinimumIdleSize(0)
                    .setTimeout(timeout)
                    .setConnectTimeout(connect)
                    .setRetryAttempts(0) // Scripts retries, judging which failures are safe to repeat
                    .setClientName("spool-redis-stream");
            if (t.user() != null) cluster.setUsername(t.user());
            if (t.password() != null) cluster.setPassword(t.password());
        } else {
            var single = c.useSingleServer()
                    .setAddress(t.addresses().get(0))
                    .setDatabase(t.db())
                    .setConnectionPoolSize(s.common().poolSize())
                    .setConnectionMinimumIdleSize(Math.min(2, s.common().poolSize()))
                    .setSubscriptionConnectionMinimumIdleSize(0)
                    .setTimeout(timeout)
                    .setConnectTimeout(connect)
                    .setRetryAttempts(0) // Scripts retries, judging which failures are safe to repeat
                    .setClientName("spool-redis-stream");
            if (t.user() != null) single.setUsername(t.user());
            if (t.password() != null) single.setPassword(t.password());
        }
        return c;
    }

    /** Parses a Spool Redis URL; errors name the URL without its password and the accepted forms. */
    static Target parse(String url) {
        String shown = BackendConfig.redact(url);
        String[] parts = url.trim().split(",");
        String scheme = null;
        String user = null;
        String password = null;
        int db = 0;
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.isEmpty()) {
                throw bad(shown, "an empty entry in the seed list");
            }
            if (i > 0 && !part.contains("://")) {
                part = scheme + "://" + part;
            }
            URI u;
            try {
                u = new URI(part);
            } catch (URISyntaxException e) {
                throw bad(shown, "it is not a URL (" + e.getReason() + ")");
            }
            String sch = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!sch.equals("redis") && !sch.equals("rediss")) {
                throw bad(shown, "the scheme is '" + sch + "'");
            }
            if (scheme == null) {
                scheme = sch;
            } else if (!scheme.equals(sch)) {
                throw bad(shown, "the seed list mixes redis:// and rediss://");
            }
            if (u.getHost() == null) {
                throw bad(shown, "there is no host");
            }
            int port = u.getPort() < 0 ? 6379 : u.getPort();
            String host = u.getHost().contains(":") && !u.getHost().startsWith("[") ? "[" + u.getHost() + "]" : u.getHost();
            hosts.add(host + ":" + port);
            if (i == 0 && u.getUserInfo() != null) {
                String info = u.getUserInfo();
                int colon = info.indexOf(':');
                if (colon < 0) {
                    password = info; // redis://password@host, as some tools write it
                } else {
                    user = colon == 0 ? null : info.substring(0, colon);
                    password = info.substring(colon + 1);
                }
                if (password != null && password.isEmpty()) password = null;
            }
            String path = u.getPath() == null ? "" : u.getPath();
            if (!path.isEmpty() && !path.equals("/")) {
                try {
                    db = Integer.parseInt(path.substring(1));
                } catch (NumberFormatException e) {
                    throw bad(shown, "the database '" + path.substring(1) + "' is not a number");
                }
            }
        }
        if (hosts.size() > 1 && db != 0) {
            throw bad(shown, "a Redis Cluster has only database 0");
        }
        return new Target(scheme, List.copyOf(hosts), user, password, db);
    }

    private static SpoolException bad(String shown, String why) {
        return new SpoolException("redis-stream URL '" + shown + "' is not usable: " + why
                + "; write redis://[user:password@]host:port[/db], rediss://... for TLS, or a cluster seed list"
                + " redis://host1:port1,host2:port2");
    }
}

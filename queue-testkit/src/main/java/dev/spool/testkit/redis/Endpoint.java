package dev.spool.testkit.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

import dev.spool.api.BackendConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;

/**
 * Where a single-node test server is and how to reach it: a {@link RedisProcess} of ours, a Docker container,
 * or an external server named by {@code SPOOL_TEST_REDIS_URL}.
 *
 * @param url     the URL to hand to a backend
 * @param host    its host
 * @param port    its port
 * @param source  what it is, for messages (no password)
 * @param process our process, or null when the server is not ours to control
 * @param closer  what to close at the end (the process, the container), or null for an external server
 */
record Endpoint(String url, String host, int port, String source, RedisProcess process, AutoCloseable closer)
        implements AutoCloseable {

    static Endpoint of(RedisProcess p) {
        return new Endpoint(p.url(), p.host(), p.port(),
                "redis-server " + p.binary().version() + " from " + p.binary().source() + " (" + p.binary().path() + ")", p, p);
    }

    /** An external server; {@code url} is {@code redis://[user:password@]host:port[/db]} or {@code rediss://...}. */
    static Endpoint external(String url, String envName) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(envName + "=" + BackendConfig.redact(url) + " is not a URL; give redis://host:port", e);
        }
        if (uri.getHost() == null || uri.getPort() <= 0 || !(uri.getScheme().equals("redis") || uri.getScheme().equals("rediss"))) {
            throw new IllegalArgumentException(envName + "=" + BackendConfig.redact(url)
                    + " must be one server as redis://[user:password@]host:port[/db] or rediss://...; a cluster seed list is not supported here");
        }
        return new Endpoint(url.trim(), uri.getHost(), uri.getPort(), "external server " + envName + "=" + BackendConfig.redact(url), null, null);
    }

    /** A new connection; the caller closes it. */
    Jedis jedis() {
        if (process != null) {
            return process.jedis();
        }
        return new Jedis(URI.create(url), DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(5_000).socketTimeoutMillis(10_000).build());
    }

    /** The server's {@code redis_version}. */
    String version() {
        try (Jedis j = jedis()) {
            Map<String, String> info = Commands.parseInfo(j.info("server"));
            return info.getOrDefault("redis_version", "unknown");
        }
    }

    @Override
    public void close() {
        if (closer == null) {
            return;
        }
        try {
            closer.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop " + source + ": " + e.getMessage(), e);
        }
    }
}

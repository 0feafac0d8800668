package dev.spool.spring;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The URL the broker opens, chosen in this order:
 * <ol>
 *   <li>{@code spool.redis.url};</li>
 *   <li>for the {@code inmemory} backend, {@code inmemory://}: a store of this broker's own;</li>
 *   <li>{@code spring.data.redis.url};</li>
 *   <li>a URL built from the other {@code spring.data.redis.*} settings when any is set: {@code host}
 *       ({@code localhost}), {@code port} (6379), {@code username}, {@code password}, {@code database},
 *       {@code ssl.enabled}, or {@code cluster.nodes} for a seed list;</li>
 *   <li>{@code redis://127.0.0.1:6379}, the command line's default.</li>
 * </ol>
 * Spring's Sentinel settings have no Spool equivalent: with them and no {@code spool.redis.url}, start-up fails.
 */
final class BackendUrl {
    static final String DEFAULT = "redis://127.0.0.1:6379";
    private static final String PREFIX = "spring.data.redis.";
    private static final List<String> PARTS = List.of("host", "port", "username", "password", "database", "ssl.enabled");

    private BackendUrl() {
    }

    static String resolve(SpoolProperties properties, Environment env) {
        String own = properties.getRedis().getUrl();
        if (own != null && !own.isBlank()) {
            return own.trim();
        }
        if ("inmemory".equals(properties.getBackend())) {
            return "inmemory://";
        }
        String url = env.getProperty(PREFIX + "url");
        if (url != null && !url.isBlank()) {
            return url.trim();
        }
        if (env.getProperty(PREFIX + "sentinel.master") != null) {
            throw new IllegalStateException("spring.data.redis.sentinel.* is set, and Spool does not connect through "
                    + "Sentinel; set spool.redis.url to the Redis Spool should use");
        }
        List<String> nodes = Binder.get(env).bind(PREFIX + "cluster.nodes", Bindable.listOf(String.class)).orElse(List.of());
        if (nodes.isEmpty() && PARTS.stream().noneMatch(p -> env.getProperty(PREFIX + p) != null)) {
            return DEFAULT;
        }
        StringBuilder b = new StringBuilder(env.getProperty(PREFIX + "ssl.enabled", Boolean.class, false) ? "rediss://" : "redis://");
        String password = env.getProperty(PREFIX + "password");
        if (password != null && !password.isEmpty()) {
            String user = env.getProperty(PREFIX + "username");
            b.append(user == null ? "" : encode(user)).append(':').append(encode(password)).append('@');
        }
        if (!nodes.isEmpty()) {
            return b.append(nodes.stream().map(String::trim).collect(Collectors.joining(","))).toString();
        }
        String host = env.getProperty(PREFIX + "host", "localhost");
        b.append(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) // an IPv6 address
                .append(':').append(env.getProperty(PREFIX + "port", "6379"));
        int database = env.getProperty(PREFIX + "database", Integer.class, 0);
        return database == 0 ? b.toString() : b.append('/').append(database).toString();
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters, so that any password fits in the URL. */
    private static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}

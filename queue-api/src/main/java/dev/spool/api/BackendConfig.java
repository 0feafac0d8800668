package dev.spool.api;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How to open a backend: a URL, the default lease time, the clock, and backend-specific options
 * (pool sizes, timeouts, dead-letter bounds) as strings. Immutable; build with {@link #builder(String)}.
 * {@link #toString()} and {@link #redact(String)} never show a password.
 *
 * @param url     where the backend lives: {@code redis://[user:password@]host:port[/db]},
 *                {@code rediss://} for TLS, a comma-separated seed list for a cluster, or
 *                {@code inmemory://name}
 * @param lease   the lease of a fetch that does not give one (default 30 s)
 * @param clock   the clock every lease, delay and timestamp is read from (tests pass a fake one)
 * @param options backend-specific settings, each documented by its backend
 */
public record BackendConfig(String url, Duration lease, Clock clock, Map<String, String> options) {

    /** The lease used when none is given. */
    public static final Duration DEFAULT_LEASE = TaskDefaults.LEASE;

    /** Checks the values and copies the options. */
    public BackendConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(clock, "clock");
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new SpoolException("lease must be a positive duration; got " + lease);
        }
        options = Map.copyOf(options);
    }

    /** A config for {@code url} with defaults for everything else. */
    public static BackendConfig of(String url) {
        return builder(url).build();
    }

    /** A builder for {@code url}. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** The option {@code key}, or {@code fallback} when unset. */
    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    /** The option {@code key} as an int, or {@code fallback}; a malformed value is an error naming the key. */
    public int intOption(String key, int fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new SpoolException("backend option '" + key + "' is '" + v + "'; give a whole number");
        }
    }

    /** The option {@code key} as a duration ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}), or {@code fallback}. */
    public Duration durationOption(String key, Duration fallback) {
        String v = options.get(key);
        return v == null ? fallback : Durations.parse(key, v);
    }

    /**
     * {@code text} with the password of every URL in it replaced by {@code ***}; works on a bare URL
     * and on a message that quotes one. A URL runs from its {@code ://} to the next whitespace; its
     * password is everything between the user name's colon and the last {@code @} before the query,
     * so a password that itself holds {@code @}, {@code /} or a quote is masked whole. A user-info
     * part without a colon is masked entirely (it may be a bare password). A form written out for
     * the reader, such as {@code redis://[user:password@]host}, is left as it is.
     */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        int scheme = text.indexOf("://");
        while (scheme >= 0) {
            int start = scheme + 3;
            int end = start;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            int query = text.indexOf('?', start);
            int limit = query < 0 || query > end ? end : query;
            int at = text.lastIndexOf('@', limit - 1);
            if (at >= start && text.charAt(start) != '[') {
                int colon = text.indexOf(':', start);
                out.append(text, copied, start);
                if (colon >= 0 && colon < at) {
                    out.append(text, start, colon + 1);
                }
                out.append("***");
                copied = at;
            }
            scheme = text.indexOf("://", end);
        }
        return copied == 0 ? text : out.append(text, copied, text.length()).toString();
    }

    /** Shows the URL redacted. */
    @Override
    public String toString() {
        return "BackendConfig[url=" + redact(url) + ", lease=" + lease + ", options=" + new TreeMap<>(options) + "]";
    }

    /** Builds a {@link BackendConfig}. */
    public static final class Builder {
        private final String url;
        private Duration lease = DEFAULT_LEASE;
        private Clock clock = Clock.systemUTC();
        private final Map<String, String> options = new TreeMap<>();

        private Builder(String url) {
            this.url = url;
        }

        /** Sets the default lease. */
        public Builder lease(Duration lease) { this.lease = lease; return this; }
        /** Sets the clock. */
        public Builder clock(Clock clock) { this.clock = clock; return this; }
        /** Sets a backend-specific option. */
        public Builder option(String key, String value) { options.put(key, value); return this; }
        /** Sets every option of {@code values}. */
        public Builder options(Map<String, String> values) { options.putAll(values); return this; }

        /** Validates and builds. */
        public BackendConfig build() {
            return new BackendConfig(url, lease, clock, options);
        }
    }
}

package dev.spool.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * Who may use a dashboard: anyone ({@link #none()}, the default on 127.0.0.1), a user with a password (HTTP
 * basic), or a client with a bearer token. Secrets are compared in constant time, through their SHA-256.
 */
public final class DashboardAuth {
    private static final DashboardAuth NONE = new DashboardAuth(null, null);

    private final String scheme;
    private final byte[] expected;

    private DashboardAuth(String scheme, byte[] expected) {
        this.scheme = scheme;
        this.expected = expected;
    }

    /** No authentication: only for a dashboard bound to a loopback address, or behind the application's own security. */
    public static DashboardAuth none() {
        return NONE;
    }

    /** HTTP basic authentication with one user and password (neither empty; the user has no ':'). */
    public static DashboardAuth basic(String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isEmpty() || user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("dashboard user '" + user + "' must be non-empty and hold no ':'");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the dashboard password is empty; give one of at least 1 character");
        }
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new DashboardAuth("Basic", sha256(token));
    }

    /** Bearer-token authentication: {@code Authorization: Bearer <token>}. */
    public static DashboardAuth bearer(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("the dashboard token is empty; give a long random one");
        }
        return new DashboardAuth("Bearer", sha256(token));
    }

    /** True unless this is {@link #none()}. */
    public boolean required() {
        return scheme != null;
    }

    /** The {@code WWW-Authenticate} value of a 401. */
    String challenge() {
        return scheme + " realm=\"Spool\", charset=\"UTF-8\"";
    }

    /** True when the request's {@code Authorization} header lets it in. */
    boolean admits(String authorization) {
        if (scheme == null) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1)) {
            return false;
        }
        String given = authorization.substring(scheme.length() + 1).trim();
        return MessageDigest.isEqual(sha256(given), expected);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return scheme == null ? "no authentication" : scheme.toLowerCase(java.util.Locale.ROOT) + " authentication";
    }
}

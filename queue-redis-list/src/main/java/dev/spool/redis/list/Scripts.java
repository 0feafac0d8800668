package dev.spool.redis.list;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lua scripts of this backend, read once from {@code lua/*.lua} resources with their
 * {@code --@include} lines inlined. Each is called by its SHA1 ({@code EVALSHA}); the source is
 * kept to re-send it when a server answers NOSCRIPT (a restarted or failed-over server has
 * forgotten it). See {@link RedisLink#eval}.
 */
final class Scripts {
    private static final Pattern INCLUDE = Pattern.compile("(?m)^--@include (\\S+)$");

    static final Script ENQUEUE = load("enqueue");
    static final Script FETCH = load("fetch");
    static final Script ACK = load("ack");
    static final Script RETRY = load("retry");
    static final Script FAIL = load("fail");
    static final Script RENEW = load("renew");
    static final Script RELEASE = load("release");
    static final Script REAP = load("reap");
    static final Script REQUEUE_DEAD = load("requeue_dead");
    static final Script DELETE_DEAD = load("delete_dead");
    static final Script PURGE = load("purge");
    static final Script STATS = load("stats");
    static final Script DEAD_LIST = load("dead_list");
    static final Script PAUSE = load("pause");
    static final Script HEARTBEAT = load("heartbeat");
    static final Script WORKERS = load("workers");

    private Scripts() {
    }

    /** One script: its name (for messages), its source with includes inlined, and its SHA1. */
    record Script(String name, String source, String sha) {
        /** The SHA1 as sent (ASCII); a fresh copy, so that no caller can change the script's. */
        byte[] shaBytes() {
            return sha.getBytes(StandardCharsets.US_ASCII);
        }

        /** The source as sent (UTF-8), for a server that answered NOSCRIPT. */
        byte[] sourceBytes() {
            return source.getBytes(StandardCharsets.UTF_8);
        }
    }

    static Script load(String name) {
        String source = resolve(read(name + ".lua"));
        return new Script(name, source, sha1(source));
    }

    private static String resolve(String source) {
        Matcher m = INCLUDE.matcher(source);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(read(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String read(String file) {
        try (InputStream in = Scripts.class.getResourceAsStream("lua/" + file)) {
            if (in == null) {
                throw new IllegalStateException("Lua script resource lua/" + file + " is missing from the queue-redis-list JAR");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Lua script resource lua/" + file, e);
        }
    }

    private static String sha1(String source) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(md.digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}

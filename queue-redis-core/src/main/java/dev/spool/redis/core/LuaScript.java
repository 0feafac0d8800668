package dev.spool.redis.core;

import dev.spool.api.TaskDefaults;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Lua script as both Redis adapters send it: its name (for messages), its source with every
 * {@code --@include <file>} line replaced by that file, and the SHA1 it is called by
 * ({@code EVALSHA}, re-sending the source when a restarted or failed-over server answers NOSCRIPT).
 *
 * <p>An include is looked up beside the script first (the adapter's own fragments), then among the
 * fragments both adapters share, in this module's {@code dev/spool/redis/core/lua/}; a file is
 * inlined once per script, however often it is named. {@code defaults.lua} is written from
 * {@link TaskDefaults} ({@code DEFAULT_MAX_ATTEMPTS}) and {@link dev.spool.api.HistoryScale}
 * ({@code HISTORY_RINGS}, see {@link HistoryRecords}).
 *
 * @param name   the file name without {@code .lua}
 * @param source the text sent to Redis
 * @param sha    the lower-case hex SHA1 of {@code source}
 */
public record LuaScript(String name, String source, String sha) {
    private static final Pattern INCLUDE = Pattern.compile("(?m)^--@include (\\S+)[ \\t]*$");
    private static final String SHARED = "/dev/spool/redis/core/lua/";
    /**
     * {@code --@include defaults.lua}: the task defaults and the history rings, written from Java when a
     * script loads, so that Lua and Java cannot disagree.
     */
    static final String DEFAULTS = "defaults.lua";
    private static final String DEFAULTS_TEXT = "-- defaults.lua: generated from dev.spool.api.TaskDefaults and "
            + "HistoryScale (HistoryRecords) by LuaScript\n"
            + "local DEFAULT_MAX_ATTEMPTS = " + TaskDefaults.MAX_ATTEMPTS + "\n"
            + HistoryRecords.lua();

    /**
     * Reads {@code <dir><name>.lua} from the resources of {@code owner}'s package ({@code dir} is
     * empty or ends with {@code /}) with its includes inlined.
     *
     * @throws IllegalStateException when the script or an include is missing from the JAR
     */
    public static LuaScript load(Class<?> owner, String dir, String name) {
        String source = resolve(owner, dir, read(owner, dir + name + ".lua"), new LinkedHashSet<>());
        return new LuaScript(name, source, sha1(source));
    }

    /** One send of the script through a client: by its SHA ({@code fullText} false) or as its text. */
    @FunctionalInterface
    public interface Sender<T> {
        T send(boolean fullText);
    }

    /**
     * Sends the script by its SHA ({@code EVALSHA}) and, when the server does not know it (NOSCRIPT:
     * it restarted, failed over or was flushed), once more as its text ({@code EVAL}, which also
     * loads it). The one NOSCRIPT fallback of both adapters; each passes its client's two calls.
     */
    public <T> T call(Sender<T> sender) {
        try {
            return sender.send(false);
        } catch (RuntimeException e) {
            if (!ServerErrors.isNoScript(e)) {
                throw e;
            }
            return sender.send(true);
        }
    }

    /** The SHA1 as sent (ASCII); a fresh copy, so that no caller can change the script's. */
    public byte[] shaBytes() {
        return sha.getBytes(StandardCharsets.US_ASCII);
    }

    /** The source as sent (UTF-8), for a server that answered NOSCRIPT. */
    public byte[] sourceBytes() {
        return source.getBytes(StandardCharsets.UTF_8);
    }

    private static String resolve(Class<?> owner, String dir, String source, Set<String> seen) {
        Matcher m = INCLUDE.matcher(source);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String file = m.group(1);
            String text = "";
            if (seen.add(file)) {
                String own = dir + file;
                text = file.equals(DEFAULTS) ? DEFAULTS_TEXT
                        : owner.getResource(own) != null ? read(owner, own) : read(LuaScript.class, SHARED + file);
                text = resolve(owner, dir, text, seen);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String read(Class<?> owner, String path) {
        try (InputStream in = owner.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the Lua resource " + path + " (beside " + owner.getName()
                        + " or in queue-redis-core) is missing from the JAR");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Lua resource " + path, e);
        }
    }

    private static String sha1(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}

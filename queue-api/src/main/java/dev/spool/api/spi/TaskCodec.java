package dev.spool.api.spi;

import dev.spool.api.InvalidTaskException;
import dev.spool.api.SpoolException;
import dev.spool.api.Task;
import dev.spool.api.TaskDecodeException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The stored form of a {@link Task}, shared by every backend: one line of compact JSON holding
 * the task's fields, a newline, then the payload exactly as given. The payload is not escaped
 * into a string, so the stored form is small and reads plainly in {@code redis-cli}:
 *
 * <pre>{"id":"01JD…","t":"send_mail","ca":1732450000000,"a":1}
 * {"to":"ada@example.com"}</pre>
 *
 * Keys: {@code id}, {@code t} type, {@code h} headers, {@code pr} priority, {@code ra} runAt (epoch
 * ms), {@code ma} maxAttempts, {@code to} timeout (ms), {@code uk} unique key, {@code uf} unique
 * window (ms), {@code rt} retention (ms), {@code ca} createdAt (epoch ms), {@code a} attempt. Fields at their default are left out.
 */
public final class TaskCodec {

    private TaskCodec() {
    }

    /** The stored form of {@code task}, which must have an id. */
    public static String encode(Task task) {
        if (task.id() == null) {
            throw new IllegalArgumentException("a task must be stamped with an id before it is stored");
        }
        // Written by hand, not through a JsonWriter: this runs for every task a producer sends. Ids,
        // types and header names are restricted by Task to characters JSON never escapes; header values
        // and the unique key go through jsonString, which escapes as Gson does.
        StringBuilder out = new StringBuilder(96 + task.payload().length());
        out.append("{\"id\":\"").append(task.id()).append("\",\"t\":\"").append(task.type()).append('"');
        if (task.expiresAt() != null) { // right after the type: the fetch scripts read it at a fixed place
            out.append(",\"ex\":").append(task.expiresAt().toEpochMilli());
            if (task.dropExpired()) out.append(",\"xd\":1");
        }
        if (!task.headers().isEmpty()) {
            out.append(",\"h\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : task.headers().entrySet()) {
                if (!first) out.append(',');
                first = false;
                out.append('"').append(e.getKey()).append("\":");
                jsonString(out, e.getValue());
            }
            out.append('}');
        }
        if (task.priority() != Task.MIN_PRIORITY) out.append(",\"pr\":").append(task.priority());
        if (task.runAt() != null) out.append(",\"ra\":").append(task.runAt().toEpochMilli());
        if (task.hasMaxAttempts()) out.append(",\"ma\":").append(task.maxAttempts());
        if (task.timeout() != null) out.append(",\"to\":").append(task.timeout().toMillis());
        if (task.uniqueKey() != null) {
            out.append(",\"uk\":");
            jsonString(out, task.uniqueKey());
        }
        if (task.uniqueFor() != null) out.append(",\"uf\":").append(task.uniqueFor().toMillis());
        if (task.retention() != null) out.append(",\"rt\":").append(task.retention().toMillis());
        if (task.createdAt() != null) out.append(",\"ca\":").append(task.createdAt().toEpochMilli());
        if (task.attempt() != 0) out.append(",\"a\":").append(task.attempt());
        return out.append("}\n").append(task.payload()).toString();
    }

    /** Appends {@code s} as a JSON string, escaped as Gson's JsonWriter (not HTML-safe) escapes it. */
    static void jsonString(StringBuilder out, String s) {
        out.append('"');
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape;
            if (c == '"') escape = "\\\"";
            else if (c == '\\') escape = "\\\\";
            else if (c >= 0x20 && c != 0x2028 && c != 0x2029) continue;
            else if (c == '\t') escape = "\\t";
            else if (c == '\b') escape = "\\b";
            else if (c == '\n') escape = "\\n";
            else if (c == '\r') escape = "\\r";
            else if (c == '\f') escape = "\\f";
            else escape = String.format("\\u%04x", (int) c);
            out.append(s, from, i).append(escape);
            from = i + 1;
        }
        out.append(s, from, s.length()).append('"');
    }

    /**
     * The task stored as {@code stored}.
     *
     * @throws TaskDecodeException saying what is wrong, with the start of the data, when it is not
     *                             a stored task
     */
    public static Task decode(String stored) {
        if (stored == null) {
            throw new TaskDecodeException("stored task is missing (null)");
        }
        int nl = stored.indexOf('\n');
        if (nl < 0 || !stored.startsWith("{")) {
            throw new TaskDecodeException("stored data is not a Spool task (expected a JSON header line, then the payload): "
                    + preview(stored));
        }
        Header h;
        try {
            h = Header.read(stored, nl);
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new TaskDecodeException("stored task header is malformed (" + e.getMessage() + "): " + preview(stored), e);
        }
        if (h.id == null || h.type == null) {
            throw new TaskDecodeException("stored task header lacks " + (h.id == null ? "'id'" : "'type' (t)")
                    + ": " + preview(stored));
        }
        String id = h.id;
        String type = h.type;
        Task.Builder b = Task.builder(type).id(id).payload(stored.substring(nl + 1)).headers(h.headers);
        if (h.priority != null) b.priority(h.priority);
        if (h.runAt != null) b.runAt(Instant.ofEpochMilli(h.runAt));
        if (h.maxAttempts != null) b.maxAttempts(h.maxAttempts);
        if (h.timeout != null) b.timeout(Duration.ofMillis(h.timeout));
        if (h.uniqueKey != null) b.uniqueKey(h.uniqueKey);
        if (h.uniqueFor != null) b.uniqueFor(Duration.ofMillis(h.uniqueFor));
        if (h.retention != null) b.retention(Duration.ofMillis(h.retention));
        if (h.createdAt != null) b.createdAt(Instant.ofEpochMilli(h.createdAt));
        if (h.attempt != null) b.attempt(h.attempt);
        if (h.expiresAt != null) b.expiresAt(Instant.ofEpochMilli(h.expiresAt));
        if (h.dropExpired != null && h.dropExpired != 0) b.dropExpired(true);
        try {
            return b.build();
        } catch (InvalidTaskException e) {
            throw new TaskDecodeException("stored task " + id + " of type '" + type + "' is invalid: " + e.getMessage(), e);
        }
    }

    /**
     * The task stored as the UTF-8 bytes {@code stored}. Backends that read raw bytes use this, so
     * that invalid UTF-8 written into the store is refused instead of silently turned into U+FFFD.
     *
     * @throws TaskDecodeException naming the first invalid byte and its offset, or as {@link #decode(String)}
     */
    public static Task decode(byte[] stored) {
        return decode(utf8(stored));
    }

    /**
     * {@code bytes} as text, refusing invalid UTF-8.
     *
     * @throws TaskDecodeException naming the first invalid byte, its offset and the id the data claims
     */
    public static String utf8(byte[] bytes) {
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            String lenient = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            String id = peekId(lenient);
            throw new TaskDecodeException("stored " + (id == null ? "data" : "task " + id) + " is not valid UTF-8 (byte 0x"
                    + String.format("%02X", bytes[in.position()] & 0xFF) + " at offset " + in.position() + "): "
                    + preview(lenient));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /**
     * The task id in {@code stored}, read without validating the rest; null when there is none.
     * Backends use it to file undecodable data under the id it claims.
     */
    public static String peekId(String stored) {
        if (stored == null || !stored.startsWith("{\"id\":\"")) {
            return null;
        }
        int end = stored.indexOf('"', 7);
        if (end < 0 || end - 7 > Task.MAX_NAME_LENGTH) {
            return null;
        }
        String id = stored.substring(7, end);
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '_' && c != '.' && c != ':' && c != '-') {
                return null;
            }
        }
        return id.isEmpty() ? null : id;
    }

    /** The first 80 characters of {@code s}, with control characters shown as escapes. */
    public static String preview(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(s.length() > 80 ? "…\" (" + s.length() + " characters)" : "\"").toString();
    }
}

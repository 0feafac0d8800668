package dev.spool.api.spi;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of a stored task's header line (see {@link TaskCodec}). Read by a small scanner for
 * the flat form {@link TaskCodec#encode} writes: keys and string values without escapes, whole
 * numbers, the header object {@code h}. Anything else (an escape, a key from a newer version,
 * odd spacing) falls back to Gson's reader, so the scanner only has to be right about what it
 * accepts. The scanner exists because a {@code JsonReader} allocates a 2 KB buffer per task.
 */
final class Header {
    String id;
    String type;
    final Map<String, String> headers = new LinkedHashMap<>();
    Long runAt;
    Long timeout;
    Long uniqueFor;
    Long retention;
    Long createdAt;
    Integer priority;
    Integer maxAttempts;
    Integer attempt;
    Long expiresAt;
    Integer dropExpired;
    String uniqueKey;

    private final String s;
    private final int end;
    private int pos;

    private Header(String s, int end) {
        this.s = s;
        this.end = end;
    }

    /** The header in {@code s} up to {@code end} (the newline). */
    static Header read(String s, int end) throws IOException {
        Header fast = new Header(s, end);
        if (fast.scan()) {
            return fast;
        }
        Header slow = new Header(s, end);
        slow.readWithGson();
        return slow;
    }

    /** True when the whole header was of the simple form and every field is set. */
    private boolean scan() {
        if (end < 2 || s.charAt(0) != '{' || s.charAt(end - 1) != '}') {
            return false;
        }
        pos = 1;
        if (pos == end - 1) {
            return true;
        }
        while (true) {
            String key = string();
            if (key == null || !expect(':')) {
                return false;
            }
            boolean ok = switch (key) {
                case "id" -> (id = string()) != null;
                case "t" -> (type = string()) != null;
                case "uk" -> (uniqueKey = string()) != null;
                case "pr" -> (priority = integer()) != null;
                case "ma" -> (maxAttempts = integer()) != null;
                case "a" -> (attempt = integer()) != null;
                case "ra" -> (runAt = number()) != null;
                case "to" -> (timeout = number()) != null;
                case "uf" -> (uniqueFor = number()) != null;
                case "rt" -> (retention = number()) != null;
                case "ca" -> (createdAt = number()) != null;
                case "ex" -> (expiresAt = number()) != null;
                case "xd" -> (dropExpired = integer()) != null;
                case "h" -> headerObject();
                default -> false;
            };
            if (!ok || pos >= end) {
                return false;
            }
            char c = s.charAt(pos++);
            if (c == '}') {
                return pos == end;
            }
            if (c != ',') {
                return false;
            }
        }
    }

    private boolean headerObject() {
        if (!expect('{')) {
            return false;
        }
        if (pos < end && s.charAt(pos) == '}') {
            pos++;
            return true;
        }
        while (true) {
            String name = string();
            if (name == null || !expect(':')) {
                return false;
            }
            String value = string();
            if (value == null) {
                return false;
            }
            headers.put(name, value);
            if (pos >= end) {
                return false;
            }
            char c = s.charAt(pos++);
            if (c == '}') {
                return true;
            }
            if (c != ',') {
                return false;
            }
        }
    }

    /** A string with no escape or control character, or null. */
    private String string() {
        if (!expect('"')) {
            return null;
        }
        int start = pos;
        while (pos < end) {
            char c = s.charAt(pos);
            if (c == '"') {
                return s.substring(start, pos++);
            }
            if (c == '\\' || c < 0x20) {
                return null;
            }
            pos++;
        }
        return null;
    }

    private Long number() {
        int start = pos;
        if (pos < end && s.charAt(pos) == '-') {
            pos++;
        }
        int digits = pos;
        while (pos < end && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == digits || pos - digits > 18) {
            return null;
        }
        return Long.parseLong(s, start, pos, 10);
    }

    private Integer integer() {
        Long n = number();
        return n == null || n < Integer.MIN_VALUE || n > Integer.MAX_VALUE ? null : n.intValue();
    }

    private boolean expect(char c) {
        if (pos < end && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void readWithGson() throws IOException {
        try (JsonReader r = new JsonReader(new StringReader(s.substring(0, end)))) {
            r.beginObject();
            while (r.hasNext()) {
                switch (r.nextName()) {
                    case "id" -> id = r.nextString();
                    case "t" -> type = r.nextString();
                    case "h" -> {
                        r.beginObject();
                        while (r.hasNext()) {
                            headers.put(r.nextName(), r.nextString());
                        }
                        r.endObject();
                    }
                    case "pr" -> priority = r.nextInt();
                    case "ra" -> runAt = r.nextLong();
                    case "ma" -> maxAttempts = r.nextInt();
                    case "to" -> timeout = r.nextLong();
                    case "uk" -> uniqueKey = r.nextString();
                    case "uf" -> uniqueFor = r.nextLong();
                    case "rt" -> retention = r.nextLong();
                    case "ca" -> createdAt = r.nextLong();
                    case "a" -> attempt = r.nextInt();
                    case "ex" -> expiresAt = r.nextLong();
                    case "xd" -> dropExpired = r.nextInt();
                    default -> r.skipValue(); // written by a newer version: ignore
                }
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new IOException("data after the header's end");
            }
        }
    }
}

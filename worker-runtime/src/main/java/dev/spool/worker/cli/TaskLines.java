package dev.spool.worker.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.spool.api.Durations;
import dev.spool.api.PayloadCodec;
import dev.spool.api.SpoolException;
import dev.spool.api.Task;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JSON-lines file of tasks, one object per line:
 * <pre>{"type":"send_mail","payload":{"to":"ada@example.com"},"priority":5,"delay":"30s"}</pre>
 * Fields: {@code type} (required), {@code payload} (any JSON value, default {}), {@code queue}
 * (default --queue), {@code id}, {@code priority}, {@code delay} (duration such as 30s), {@code runAt}
 * (ISO-8601 instant), {@code maxAttempts}, {@code timeout}, {@code uniqueKey}, {@code uniqueFor}, {@code retention},
 * {@code headers} (object of strings). Blank lines are skipped. A line that is not UTF-8, not one
 * JSON object, has an unknown field or an invalid value is rejected with its number and the reason;
 * reading goes on with the next line.
 */
final class TaskLines {
    private static final Pattern LONG_PATH = Pattern.compile("path (\\$\\S{60,})");
    static final Set<String> FIELDS = Set.of("type", "payload", "queue", "id", "priority", "delay", "runAt",
            "maxAttempts", "timeout", "uniqueKey", "uniqueFor", "retention", "headers");

    /** A line that became a task, for {@code queue}. */
    record Parsed(long line, String queue, Task task) {
    }

    /** Receives each line's outcome. */
    interface Sink {
        void task(Parsed parsed);

        void rejected(long line, String reason);
    }

    private final InputStream in;
    private final String defaultQueue;
    private final int maxLineBytes;

    TaskLines(InputStream in, String defaultQueue) {
        this.in = in;
        this.defaultQueue = defaultQueue;
        this.maxLineBytes = (int) Math.min(Integer.MAX_VALUE - 16, Task.maxPayloadBytes() + 256 * 1024);
    }

    /** Reads every line into {@code sink}. */
    void readAll(Sink sink) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        long number = 0;
        boolean tooLong = false;
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n') {
                    number++;
                    finish(number, line, tooLong, sink);
                    line.reset();
                    tooLong = false;
                } else if (!tooLong) {
                    if (line.size() >= maxLineBytes) {
                        tooLong = true;
                    } else {
                        line.write(b);
                    }
                }
            }
        }
        if (line.size() > 0 || tooLong) {
            finish(number + 1, line, tooLong, sink);
        }
    }

    private void finish(long number, ByteArrayOutputStream bytes, boolean tooLong, Sink sink) {
        if (tooLong) {
            sink.rejected(number, "longer than " + maxLineBytes + " bytes; keep payloads under the limit of "
                    + Task.maxPayloadBytes() + " bytes");
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (MalformedInputException e) {
            sink.rejected(number, "is not UTF-8 text (binary data?); write one JSON object per line");
            return;
        } catch (CharacterCodingException e) {
            sink.rejected(number, "is not UTF-8 text: " + e.getMessage());
            return;
        }
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isBlank()) {
            return;
        }
        try {
            sink.task(parse(number, text));
        } catch (SpoolException | JsonParseException | IllegalStateException | IOException
                 | NumberFormatException | UnsupportedOperationException | DateTimeParseException e) {
            sink.rejected(number, e.getMessage());
        }
    }

    private Parsed parse(long number, String text) throws IOException {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        JsonElement root;
        try {
            root = PayloadCodec.gson().getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new SpoolException("has data after the JSON object; put one task per line");
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            if (String.valueOf(e.getMessage()).startsWith("Nesting limit")) {
                throw new SpoolException("is nested too deep (" + gsonMessage(e) + "); a payload may nest at most 64 levels");
            }
            throw new SpoolException("is not valid JSON (" + gsonMessage(e) + "); write one JSON object per line, "
                    + "e.g. {\"type\":\"send_mail\",\"payload\":{}}");
        }
        if (!root.isJsonObject()) {
            throw new SpoolException("is a JSON " + kind(root) + ", not an object; write {\"type\": ..., \"payload\": ...}");
        }
        JsonObject o = root.getAsJsonObject();
        for (String key : o.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new SpoolException("has unknown field '" + key + "'; the fields are " + new java.util.TreeSet<>(FIELDS));
            }
        }
        String type = string(o, "type", "name the task type, e.g. \"type\":\"send_mail\"");
        if (type == null) {
            throw new SpoolException("lacks field 'type'; name the task type, e.g. \"type\":\"send_mail\"");
        }
        Task.Builder b = Task.builder(type);
        if (o.has("payload")) {
            b.payload(PayloadCodec.gson().toJson(o.get("payload")));
        }
        if (o.has("id")) b.id(string(o, "id", "write a string of letters, digits and _ . : - or leave the id out"));
        if (o.has("priority")) b.priority(integer(o, "priority", "write a whole number from 0 (lowest, the default) to 9 (highest)"));
        if (o.has("delay") && o.has("runAt")) {
            throw new SpoolException("has both 'delay' (" + show(o.get("delay")) + ") and 'runAt' (" + show(o.get("runAt"))
                    + "); give one of them: delay counts from now, runAt is an instant");
        }
        if (o.has("delay")) b.delay(duration(o, "delay"));
        if (o.has("runAt")) b.runAt(instant(o, "runAt"));
        if (o.has("maxAttempts")) b.maxAttempts(integer(o, "maxAttempts", "write a whole number from 1 (no retries) to 1000"));
        if (o.has("timeout")) b.timeout(duration(o, "timeout"));
        if (o.has("uniqueKey")) b.uniqueKey(string(o, "uniqueKey", "write a string, e.g. \"uniqueKey\":\"order-42\""));
        if (o.has("uniqueFor")) b.uniqueFor(duration(o, "uniqueFor"));
        if (o.has("retention")) b.retention(duration(o, "retention"));
        if (o.has("headers")) {
            if (!o.get("headers").isJsonObject()) {
                throw bad("headers", o.get("headers"), "write an object of strings, e.g. \"headers\":{\"source\":\"import\"}");
            }
            for (Map.Entry<String, JsonElement> h : o.getAsJsonObject("headers").entrySet()) {
                JsonElement v = h.getValue();
                if (!v.isJsonPrimitive()) { // a number or true is taken as its text, as before
                    throw bad("headers", h.getKey(), v, "write each header value as a string, e.g. \""
                            + h.getKey() + "\":\"value\"");
                }
                b.header(h.getKey(), v.getAsString());
            }
        }
        String queue = o.has("queue") ? string(o, "queue", "write a queue name, e.g. \"queue\":\"mail\"") : defaultQueue;
        Task.requireQueueName(queue);
        return new Parsed(number, queue, b.build());
    }

    /** Gson's message without its advice to parse leniently and its troubleshooting link. */
    private static String gsonMessage(Exception e) {
        String m = String.valueOf(e.getMessage());
        int see = m.indexOf("\nSee ");
        if (see >= 0) {
            m = m.substring(0, see);
        }
        m = m.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON").trim();
        // a deep path (a "JSON bomb" line) would fill the screen: keep its start and say how deep it went
        Matcher path = LONG_PATH.matcher(m);
        if (path.find()) {
            String p = path.group(1);
            int depth = p.length() - p.replace("[", "").replace(".", "").length();
            m = m.substring(0, path.start(1)) + p.substring(0, 40) + "... (" + depth + " levels)"
                    + m.substring(path.end(1));
        }
        return m;
    }

    private static String kind(JsonElement e) {
        return e.isJsonArray() ? "array" : e.isJsonNull() ? "null" : "value";
    }

    /** The rejection of a field's value: the field, the value as written and the accepted form. */
    static SpoolException bad(String field, JsonElement value, String fix) {
        return new SpoolException("field '" + field + "' is " + show(value) + "; " + fix);
    }

    /** The rejection of one entry of an object field, e.g. a header. */
    static SpoolException bad(String field, String key, JsonElement value, String fix) {
        return new SpoolException("field '" + field + "' has '" + key + "': " + show(value) + "; " + fix);
    }

    /** A value as the line wrote it: a string in single quotes, anything else as JSON; cut at 100 characters. */
    private static String show(JsonElement e) {
        String s = e.isJsonPrimitive() && ((JsonPrimitive) e).isString()
                ? "'" + e.getAsString() + "'"
                : PayloadCodec.gson().toJson(e);
        return s.length() <= 100 ? s : s.substring(0, 100) + "... (" + s.length() + " characters)";
    }

    private static String string(JsonObject o, String field, String fix) {
        JsonElement e = o.get(field);
        if (e == null) {
            return null;
        }
        if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isString()) {
            throw bad(field, e, "it must be a string; " + fix);
        }
        return e.getAsString();
    }

    private static int integer(JsonObject o, String field, String fix) {
        JsonElement e = o.get(field);
        if (e.isJsonPrimitive() && ((JsonPrimitive) e).isNumber()) {
            try {
                return new BigDecimal(e.getAsString()).intValueExact();
            } catch (ArithmeticException | NumberFormatException x) {
                // named below
            }
        }
        throw bad(field, e, fix);
    }

    private static Duration duration(JsonObject o, String field) {
        JsonElement e = o.get(field);
        String fix = "write a duration such as \"500ms\", \"30s\", \"5m\", \"2h\", \"1d\" or \"PT30S\", "
                + "or a whole number of milliseconds";
        if (e.isJsonPrimitive() && ((JsonPrimitive) e).isNumber()) {
            try {
                return Duration.ofMillis(new BigDecimal(e.getAsString()).longValueExact());
            } catch (ArithmeticException | NumberFormatException x) {
                throw bad(field, e, fix);
            }
        }
        if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isString()) {
            throw bad(field, e, fix);
        }
        try {
            return Durations.parse("field '" + field + "'", e.getAsString());
        } catch (SpoolException x) {
            throw bad(field, e, fix);
        }
    }

    private static Instant instant(JsonObject o, String field) {
        JsonElement e = o.get(field);
        String fix = "write an ISO-8601 instant in UTC or with an offset, such as 2030-01-01T00:00:00Z "
                + "or 2030-01-01T09:00:00+09:00";
        if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isString()) {
            throw bad(field, e, fix);
        }
        try {
            return Instant.parse(e.getAsString().trim());
        } catch (DateTimeParseException x) {
            throw bad(field, e, fix);
        }
    }
}

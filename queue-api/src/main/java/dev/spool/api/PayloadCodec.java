package dev.spool.api;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;

/**
 * Payloads as Java values, through one shared Gson: records and plain classes, with
 * {@link Instant} and {@link Duration} as ISO-8601 strings. Decoding is strict: a payload that
 * does not fit the handler's class fails with a message naming the task, its type and the JSON
 * path of the field.
 */
public final class PayloadCodec {
    private static final Gson GSON = new GsonBuilder()
            .disableHtmlEscaping()
            .setStrictness(Strictness.STRICT)
            .registerTypeAdapter(Instant.class, new IsoAdapter<>(Instant::parse).nullSafe())
            .registerTypeAdapter(Duration.class, new IsoAdapter<>(Duration::parse).nullSafe())
            .create();

    private PayloadCodec() {
    }

    /** The Gson instance payloads are read and written with. */
    public static Gson gson() {
        return GSON;
    }

    /** {@code value} as JSON text. */
    public static String encode(Object value) {
        return GSON.toJson(value);
    }

    /**
     * The payload of {@code task} as an instance of {@code type}.
     *
     * @throws PayloadDecodeException naming the task id, its type, the class and the field that did not fit
     */
    public static <P> P decode(Task task, Class<P> type) {
        JsonReader reader = new JsonReader(new StringReader(task.payload()));
        reader.setStrictness(Strictness.STRICT);
        try { // not try-with-resources: closing the reader would erase the path the message needs
            return GSON.getAdapter(type).read(reader);
        } catch (JsonParseException | IOException | IllegalStateException | NumberFormatException
                 | UnsupportedOperationException e) {
            throw new PayloadDecodeException("task " + task.id() + " of type '" + task.type()
                    + "': payload does not fit " + type.getSimpleName() + ": " + describe(e, reader)
                    + "; send a payload of the handler's shape", e);
        }
    }

    /** What went wrong and where, in words: the JSON path of the field, not a Java class name. */
    private static String describe(Exception e, JsonReader reader) {
        String path = reader.getPreviousPath().length() > reader.getPath().length()
                ? reader.getPreviousPath() : reader.getPath();
        Throwable cause = e.getCause() instanceof NumberFormatException ? e.getCause() : e;
        if (cause instanceof NumberFormatException) {
            String input = String.valueOf(cause.getMessage()).replaceFirst("^For input string: ", "");
            return "the value " + input + " at " + path + " is not a number of the field's type";
        }
        String message = String.valueOf(e.getMessage());
        if (e.getCause() != null && message.startsWith(e.getCause().getClass().getName())) {
            message = String.valueOf(e.getCause().getMessage());
        }
        message = message.replaceFirst("^(java|com\\.google)[\\w.]*(Exception|Error): ", "");
        return message.contains("path $") || message.contains(" at $") ? message : message + " (at " + path + ")";
    }

    /** Reads and writes a java.time value as its ISO-8601 string. */
    private static final class IsoAdapter<T> extends TypeAdapter<T> {
        private final java.util.function.Function<String, T> parse;

        IsoAdapter(java.util.function.Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public void write(JsonWriter out, T value) throws IOException {
            out.value(value.toString());
        }

        @Override
        public T read(JsonReader in) throws IOException {
            String text = in.nextString();
            try {
                return parse.apply(text);
            } catch (RuntimeException e) {
                throw new JsonParseException("'" + text + "' at " + in.getPreviousPath() + " is not an ISO-8601 value", e);
            }
        }
    }
}

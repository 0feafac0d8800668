package dev.spool.api;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A unit of background work: a type name that selects the handler, a JSON payload, and the
 * options that say when and how it runs. Immutable and validated at construction; an invalid
 * value throws {@link InvalidTaskException} naming the field, the problem and the fix.
 *
 * <pre>{@code
 * Task task = Task.builder("send_mail")
 *         .payload("{\"to\":\"ada@example.com\"}")
 *         .priority(5)
 *         .delay(Duration.ofMinutes(1))
 *         .uniqueKey("mail:ada")
 *         .build();
 * }</pre>
 *
 * @param id          the task id; null until {@link TaskQueue#enqueue} assigns a time-ordered
 *                    one, or one chosen by the caller ({@value #NAME_PATTERN}, 1 to 128 characters)
 * @param type        the task type, which selects the handler ({@value #NAME_PATTERN}, 1 to 128 characters)
 * @param payload     exactly one JSON value, at most {@link #maxPayloadBytes()} bytes in UTF-8,
 *                    nested at most 64 deep
 * @param headers     string metadata passed to the handler (at most {@value #MAX_HEADERS} entries;
 *                    names {@value #HEADER_NAME_PATTERN}, values at most {@value #MAX_HEADER_VALUE_CHARS} characters)
 * @param priority    {@value #MIN_PRIORITY} (default) to {@value #MAX_PRIORITY}; among ready tasks of a
 *                    queue, a higher priority is delivered first
 * @param runAt       not delivered before this instant; null means as soon as possible
 * @param maxAttempts deliveries before the task is dead-lettered, 1 to {@value #MAX_ATTEMPTS_LIMIT}, or
 *                    {@value #MAX_ATTEMPTS_NOT_SET} when not set (the accessor then answers the default)
 * @param timeout     how long one attempt may run before the worker interrupts it; null means the
 *                    worker's default
 * @param uniqueKey   when set, a second task with the same key in the same queue is refused as a
 *                    duplicate while this one is pending or running (see {@code uniqueFor})
 * @param uniqueFor   when set, the key stays taken for this long after enqueue even if the task
 *                    has finished; when null, the key is freed when the task is acknowledged or
 *                    dead-lettered, and in any case after {@link #DEFAULT_UNIQUE_FOR}
 * @param retention   when set, the task is kept this long after it succeeded, with its handler's result,
 *                    so that {@link QueueInspector#task} still finds it (at most {@link #MAX_RETENTION});
 *                    when null, a finished task is forgotten at once and costs nothing more
 * @param createdAt   when the task was first enqueued; null until then
 * @param attempt     how many times the task has been delivered: 0 in the queue, 1 in its first
 *                    delivery
 * @param expiresAt   when set, the task is not started from this instant on: a fetch that finds it
 *                    then makes it a dead letter with the reason "expired" instead of delivering it
 *                    (also a retry due after it); null: it never expires
 * @param dropExpired with {@code expiresAt}: an expired task is dropped (its event is {@code expired})
 *                    instead of kept as a dead letter
 */
public record Task(
        String id,
        String type,
        String payload,
        Map<String, String> headers,
        int priority,
        Instant runAt,
        int maxAttempts,
        Duration timeout,
        String uniqueKey,
        Duration uniqueFor,
        Duration retention,
        Instant createdAt,
        int attempt,
        Instant expiresAt,
        boolean dropExpired) {

    /** Allowed characters of a type name, a task id and a queue name. */
    public static final String NAME_PATTERN = "[A-Za-z0-9_.:-]";
    /** Allowed characters of a header name. */
    public static final String HEADER_NAME_PATTERN = "[A-Za-z0-9_.-]{1,64}";
    /** The longest type name or task id. */
    public static final int MAX_NAME_LENGTH = 128;
    /** The lowest (and default) priority. */
    public static final int MIN_PRIORITY = 0;
    /** The highest priority. */
    public static final int MAX_PRIORITY = 9;
    /** The most deliveries a task may ask for. */
    public static final int MAX_ATTEMPTS_LIMIT = 1000;
    /** Attempts a task gets when it does not say: {@link TaskDefaults#MAX_ATTEMPTS}. */
    public static final int DEFAULT_MAX_ATTEMPTS = TaskDefaults.MAX_ATTEMPTS;
    /** The {@code maxAttempts} component of a task that does not set it ({@link #hasMaxAttempts()} false). */
    public static final int MAX_ATTEMPTS_NOT_SET = 0;
    /** The most headers a task may carry. */
    public static final int MAX_HEADERS = 32;
    /** The longest header value, in characters. */
    public static final int MAX_HEADER_VALUE_CHARS = 4096;
    /** The longest unique key, in characters. */
    public static final int MAX_UNIQUE_KEY_CHARS = 256;
    /** How long a unique key is held at most when {@code uniqueFor} is not given. */
    public static final Duration DEFAULT_UNIQUE_FOR = TaskDefaults.UNIQUE_FOR;
    /** The system property that sets the payload limit in bytes, read once at start-up. */
    public static final String MAX_PAYLOAD_PROPERTY = "spool.maxPayloadBytes";
    /** The longest a finished task can be kept ({@code retention}). */
    public static final Duration MAX_RETENTION = Duration.ofDays(90);
    /** The system property that sets the result limit in bytes ({@link #maxResultBytes()}), read once at start-up. */
    public static final String MAX_RESULT_PROPERTY = "spool.maxResultBytes";
    /** The default result limit: 64 KiB. */
    public static final long DEFAULT_MAX_RESULT_BYTES = 64 * 1024;
    /** The default payload limit: 1 MiB. */
    public static final long DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

    private static final long MAX_PAYLOAD_BYTES = Long.getLong(MAX_PAYLOAD_PROPERTY, DEFAULT_MAX_PAYLOAD_BYTES);
    private static final long MAX_RESULT_BYTES = Long.getLong(MAX_RESULT_PROPERTY, DEFAULT_MAX_RESULT_BYTES);

    /** Validates every field; see the class documentation for the rules. */
    public Task {
        if (id != null) {
            checkName("id", id);
        }
        checkName("type", type);
        if (payload == null) {
            throw new InvalidTaskException("payload",
                    "task field 'payload' of type '" + type + "' is null; send a JSON value such as {} or null");
        }
        String problem = JsonCheck.problem(payload, MAX_PAYLOAD_BYTES);
        if (problem != null) {
            throw new InvalidTaskException("payload", "task field 'payload' of type '" + type + "'"
                    + (id == null ? "" : " (task " + id + ")") + " " + problem
                    + "; send one well-formed JSON value" + (problem.contains("limit")
                            ? " under the limit (store large data elsewhere and pass a reference, or raise -D"
                                    + MAX_PAYLOAD_PROPERTY + ")" : ""));
        }
        headers = checkHeaders(headers);
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new InvalidTaskException("priority", "task field 'priority' is " + priority
                    + "; use " + MIN_PRIORITY + " (lowest, the default) to " + MAX_PRIORITY + " (highest)");
        }
        if (maxAttempts < MAX_ATTEMPTS_NOT_SET || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            throw badMaxAttempts(maxAttempts);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new InvalidTaskException("timeout", "task field 'timeout' is " + timeout
                    + "; use a positive duration, or leave it unset for the worker's default");
        }
        if (uniqueKey != null && (uniqueKey.isEmpty() || uniqueKey.length() > MAX_UNIQUE_KEY_CHARS
                || uniqueKey.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidTaskException("uniqueKey", "task field 'uniqueKey' must be 1 to "
                    + MAX_UNIQUE_KEY_CHARS + " characters with no control characters; got "
                    + uniqueKey.length() + " characters");
        }
        if (uniqueFor != null && (uniqueFor.isNegative() || uniqueFor.isZero())) {
            throw new InvalidTaskException("uniqueFor", "task field 'uniqueFor' is " + uniqueFor
                    + "; use a positive duration, or leave it unset to hold the key until the task finishes");
        }
        if (uniqueFor != null && uniqueKey == null) {
            throw new InvalidTaskException("uniqueFor", "task field 'uniqueFor' is set but 'uniqueKey' is not; "
                    + "set a unique key too, or drop uniqueFor");
        }
        if (retention != null && (retention.toMillis() < 1 || retention.compareTo(MAX_RETENTION) > 0)) {
            throw new InvalidTaskException("retention", "task field 'retention' is " + retention
                    + "; use 1 ms to " + MAX_RETENTION.toDays() + " days, or leave it unset not to keep the finished task");
        }
        if (attempt < 0) {
            throw new InvalidTaskException("attempt", "task field 'attempt' is " + attempt + "; it cannot be negative");
        }
        if (dropExpired && expiresAt == null) {
            throw new InvalidTaskException("dropExpired", "task field 'dropExpired' is set but 'expiresAt' is not; "
                    + "give the task a deadline (expiresAt or expiresIn), or drop dropExpired");
        }
        if (expiresAt != null && (expiresAt.toEpochMilli() < 0)) {
            throw new InvalidTaskException("expiresAt", "task field 'expiresAt' is " + expiresAt
                    + "; use an instant after 1970-01-01T00:00:00Z");
        }
    }

    /** A task that never expires (the form before expiry existed). */
    public Task(String id, String type, String payload, Map<String, String> headers, int priority, Instant runAt,
                int maxAttempts, Duration timeout, String uniqueKey, Duration uniqueFor, Duration retention,
                Instant createdAt, int attempt) {
        this(id, type, payload, headers, priority, runAt, maxAttempts, timeout, uniqueKey, uniqueFor, retention,
                createdAt, attempt, null, false);
    }

    /** A task of {@code type} with the JSON text {@code json} as its payload and default options. */
    public static Task of(String type, String json) {
        return builder(type).payload(json).build();
    }

    /** A task of {@code type} whose payload is {@code value} written as JSON by {@link PayloadCodec}. */
    public static Task ofValue(String type, Object value) {
        return builder(type).payloadValue(value).build();
    }

    /** A builder for a task of {@code type}; the payload defaults to {@code {}}. */
    public static Builder builder(String type) {
        return new Builder(type);
    }

    /** A builder holding every field of this task, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The limit on a handler's result, in UTF-8 bytes (see {@link #MAX_RESULT_PROPERTY}). */
    public static long maxResultBytes() {
        return MAX_RESULT_BYTES;
    }

    /**
     * Throws {@link InvalidTaskException} (field {@code result}) unless {@code json} is one
     * well-formed JSON value within {@link #maxResultBytes()}: the check a handler's result passes
     * before it is stored with task {@code id} of {@code queue}.
     */
    public static String requireResult(String queue, String id, String json) {
        String problem = json == null ? "is null" : JsonCheck.problem(json, MAX_RESULT_BYTES);
        if (problem != null) {
            throw new InvalidTaskException("result", "the result of task " + id + " (queue '" + queue + "') "
                    + problem + "; give one well-formed JSON value" + (problem.contains("limit")
                            ? " under the limit (store large results elsewhere and return a reference, or raise -D"
                                    + MAX_RESULT_PROPERTY + ")" : ""));
        }
        return json;
    }

    /** The payload limit in effect, in UTF-8 bytes (see {@link #MAX_PAYLOAD_PROPERTY}). */
    public static long maxPayloadBytes() {
        return MAX_PAYLOAD_BYTES;
    }

    /**
     * This task ready to be stored: with a fresh time-ordered id when it has none, and
     * {@code createdAt} set to {@code now} when unset. Backends call this in {@code enqueue}.
     */
    public Task stamped(Instant now) {
        if (id != null && createdAt != null) {
            return this;
        }
        return new Task(id != null ? id : TaskIds.next(now.toEpochMilli()), type, payload, headers, priority,
                runAt, maxAttempts, timeout, uniqueKey, uniqueFor, retention, createdAt != null ? createdAt : now, attempt,
                expiresAt, dropExpired);
    }

    /** This task with {@code attempt} replaced; used by backends when they deliver it. */
    public Task withAttempt(int attempt) {
        return attempt == this.attempt ? this : new Task(id, type, payload, headers, priority, runAt, maxAttempts,
                timeout, uniqueKey, uniqueFor, retention, createdAt, attempt, expiresAt, dropExpired);
    }

    /** This task with {@code runAt} replaced; used by backends when they schedule a retry. */
    public Task withRunAt(Instant runAt) {
        return new Task(id, type, payload, headers, priority, runAt, maxAttempts, timeout, uniqueKey, uniqueFor,
                retention, createdAt, attempt, expiresAt, dropExpired);
    }

    /** True when the task has a deadline that {@code now} has reached. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /**
     * Deliveries before the task is dead-lettered: the number it set, or
     * {@link TaskDefaults#MAX_ATTEMPTS} when it set none (a worker's retry policy may then apply its
     * own; see {@link #hasMaxAttempts()}).
     */
    @Override
    public int maxAttempts() {
        return maxAttempts == MAX_ATTEMPTS_NOT_SET ? DEFAULT_MAX_ATTEMPTS : maxAttempts;
    }

    /**
     * True when the task set its own {@code maxAttempts}, even to the default's value; false when it
     * left it to the default (then a worker's retry policy decides, and the stored task carries none).
     */
    public boolean hasMaxAttempts() {
        return maxAttempts != MAX_ATTEMPTS_NOT_SET;
    }

    private static InvalidTaskException badMaxAttempts(int value) {
        return new InvalidTaskException("maxAttempts", "task field 'maxAttempts' is " + value
                + "; use 1 (no retries) to " + MAX_ATTEMPTS_LIMIT + ", or leave it unset for the default ("
                + DEFAULT_MAX_ATTEMPTS + ")");
    }

    /** True when the task may not be delivered before {@code runAt}, which lies after {@code now}. */
    public boolean isDelayed(Instant now) {
        return runAt != null && runAt.isAfter(now);
    }

    /**
     * Throws {@link InvalidTaskException} unless {@code name} is a valid queue name:
     * {@value #NAME_PATTERN}, 1 to 64 characters.
     */
    public static String requireQueueName(String name) {
        if (name == null || name.isEmpty() || name.length() > 64) {
            throw new InvalidTaskException("queue", "queue name " + (name == null ? "null" : "'" + name + "'")
                    + " must be 1 to 64 characters of letters, digits and _ . : -");
        }
        int bad = firstBadNameChar(name);
        if (bad >= 0) {
            throw new InvalidTaskException("queue", "queue name '" + name + "' has '" + name.charAt(bad)
                    + "' at index " + bad + "; use letters, digits and _ . : - only");
        }
        return name;
    }

    /**
     * Throws {@link InvalidTaskException} unless {@code id} is a valid task id: {@value #NAME_PATTERN},
     * 1 to {@value #MAX_NAME_LENGTH} characters.
     */
    public static String requireTaskId(String id) {
        checkName("id", id);
        return id;
    }

    /** Throws {@link InvalidTaskException} unless {@code type} is a valid task type (as {@link #requireTaskId}). */
    public static String requireType(String type) {
        checkName("type", type);
        return type;
    }

    private static void checkName(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidTaskException(field, "task field '" + field + "' is " + (value == null ? "null" : "empty")
                    + "; give 1 to " + MAX_NAME_LENGTH + " characters of letters, digits and _ . : -");
        }
        if (value.length() > MAX_NAME_LENGTH) {
            throw new InvalidTaskException(field, "task field '" + field + "' is " + value.length()
                    + " characters long; shorten it to at most " + MAX_NAME_LENGTH);
        }
        int bad = firstBadNameChar(value);
        if (bad >= 0) {
            throw new InvalidTaskException(field, "task field '" + field + "': '" + value + "' has a character outside "
                    + NAME_PATTERN + " (" + describe(value.charAt(bad)) + " at index " + bad
                    + "); use letters, digits and _ . : - only");
        }
    }

    private static int firstBadNameChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == ':' || c == '-';
            if (!ok) {
                return i;
            }
        }
        return -1;
    }

    private static String describe(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    private static Map<String, String> checkHeaders(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        if (headers.size() > MAX_HEADERS) {
            throw new InvalidTaskException("headers", "task field 'headers' has " + headers.size()
                    + " entries; keep at most " + MAX_HEADERS + " (put bulk data in the payload)");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            String name = e.getKey();
            if (name == null || !name.matches(HEADER_NAME_PATTERN)) {
                throw new InvalidTaskException("headers", "task field 'headers': the name " + (name == null ? "null" : "'" + name + "'")
                        + " must match " + HEADER_NAME_PATTERN + "; rename the header");
            }
            String value = Objects.requireNonNullElse(e.getValue(), "");
            if (value.length() > MAX_HEADER_VALUE_CHARS) {
                throw new InvalidTaskException("headers", "task field 'headers': the value of '" + name + "' is " + value.length()
                        + " characters; keep header values under " + MAX_HEADER_VALUE_CHARS + " (put bulk data in the payload)");
            }
            if (hasLoneSurrogate(value)) {
                throw new InvalidTaskException("headers", "task field 'headers': the value of '" + name
                        + "' has invalid Unicode (an unpaired UTF-16 surrogate); send valid text");
            }
            copy.put(name, value);
        }
        return java.util.Collections.unmodifiableMap(copy);
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Builds a {@link Task}; every setter returns this builder. Validation happens in {@link #build()}. */
    public static final class Builder {
        private String id;
        private String type;
        private String payload = "{}";
        private final Map<String, String> headers = new LinkedHashMap<>();
        private int priority = MIN_PRIORITY;
        private Instant runAt;
        private Duration delay;
        private int maxAttempts = MAX_ATTEMPTS_NOT_SET;
        private boolean maxAttemptsGiven;
        private Duration timeout;
        private String uniqueKey;
        private Duration uniqueFor;
        private Duration retention;
        private Instant createdAt;
        private int attempt;
        private Instant expiresAt;
        private Duration expiresIn;
        private boolean dropExpired;

        private Builder(String type) {
            this.type = type;
        }

        private Builder(Task t) {
            id = t.id;
            type = t.type;
            payload = t.payload;
            headers.putAll(t.headers);
            priority = t.priority;
            runAt = t.runAt;
            maxAttempts = t.maxAttempts;
            timeout = t.timeout;
            uniqueKey = t.uniqueKey;
            uniqueFor = t.uniqueFor;
            retention = t.retention;
            createdAt = t.createdAt;
            attempt = t.attempt;
            expiresAt = t.expiresAt;
            dropExpired = t.dropExpired;
        }

        /** Sets the id (normally left unset: enqueue assigns a time-ordered one). */
        public Builder id(String id) { this.id = id; return this; }
        /** Sets the type. */
        public Builder type(String type) { this.type = type; return this; }
        /** Sets the payload as JSON text. */
        public Builder payload(String json) { this.payload = json; return this; }
        /** Sets the payload to {@code value} written as JSON by {@link PayloadCodec}. */
        public Builder payloadValue(Object value) { this.payload = PayloadCodec.encode(value); return this; }
        /** Adds a header. */
        public Builder header(String name, String value) { headers.put(name, value); return this; }
        /** Adds every header of {@code values}. */
        public Builder headers(Map<String, String> values) { headers.putAll(values); return this; }
        /** Sets the priority, {@value Task#MIN_PRIORITY} to {@value Task#MAX_PRIORITY}. */
        public Builder priority(int priority) { this.priority = priority; return this; }
        /** Do not deliver before {@code runAt}; replaces any {@link #delay}. */
        public Builder runAt(Instant runAt) { this.runAt = runAt; this.delay = null; return this; }

        /**
         * Do not deliver before {@code delay} has passed from enqueue; replaces any {@link #runAt}.
         * The delay is turned into {@code runAt} by {@link #build()}, using the system clock.
         */
        public Builder delay(Duration delay) {
            if (delay != null && delay.isNegative()) {
                throw new InvalidTaskException("runAt", "task field 'runAt': the delay " + delay
                        + " is negative; use Duration.ZERO (or no delay) to run as soon as possible");
            }
            this.delay = delay;
            this.runAt = null;
            return this;
        }

        /**
         * Sets how many deliveries the task gets before it is dead-lettered, 1 to
         * {@value Task#MAX_ATTEMPTS_LIMIT}; unset, the default applies ({@link Task#hasMaxAttempts()}).
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            this.maxAttemptsGiven = true;
            return this;
        }
        /** Sets how long one attempt may run. */
        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }
        /** Makes the task unique by {@code key} within its queue. */
        public Builder uniqueKey(String key) { this.uniqueKey = key; return this; }
        /** Holds the unique key for {@code window} from enqueue, even after the task finished. */
        public Builder uniqueFor(Duration window) { this.uniqueFor = window; return this; }
        /**
         * Keeps the task for {@code retention} after it succeeded, with its handler's result, so that
         * {@link QueueInspector#task} still finds it; unset, a finished task is forgotten at once.
         */
        public Builder retention(Duration retention) { this.retention = retention; return this; }
        /** Sets the creation instant (normally set by enqueue). */
        public Builder createdAt(Instant createdAt) { this.createdAt = createdAt; return this; }
        /** Not started from {@code deadline} on: then it becomes a dead letter "expired"; replaces any {@link #expiresIn}. */
        public Builder expiresAt(Instant deadline) { this.expiresAt = deadline; this.expiresIn = null; return this; }

        /**
         * Not started once {@code window} has passed from {@link #build()} (by the system clock); replaces
         * any {@link #expiresAt}.
         */
        public Builder expiresIn(Duration window) {
            if (window != null && (window.isNegative() || window.isZero())) {
                throw new InvalidTaskException("expiresAt", "task field 'expiresAt': expiresIn " + window
                        + " is not positive; give a positive duration, or none for a task that never expires");
            }
            this.expiresIn = window;
            this.expiresAt = null;
            return this;
        }

        /** With a deadline: drop the task when it expires instead of keeping it as a dead letter. */
        public Builder dropExpired(boolean drop) { this.dropExpired = drop; return this; }

        /** Sets the delivery count (normally managed by the backend). */
        public Builder attempt(int attempt) { this.attempt = attempt; return this; }

        /** Validates and builds the task. */
        public Task build() {
            if (maxAttemptsGiven && maxAttempts == MAX_ATTEMPTS_NOT_SET) {
                throw badMaxAttempts(maxAttempts);
            }
            Instant now = delay != null || expiresIn != null ? Instant.now() : null;
            Instant at = delay != null && !delay.isZero() ? now.plus(delay) : runAt;
            Instant deadline = expiresIn != null ? now.plus(expiresIn) : expiresAt;
            return new Task(id, type, payload, headers, priority, at, maxAttempts, timeout, uniqueKey, uniqueFor,
                    retention, createdAt, attempt, deadline, dropExpired);
        }
    }
}

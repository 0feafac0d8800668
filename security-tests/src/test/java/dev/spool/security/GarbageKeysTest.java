package dev.spool.security;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.DeadLetter;
import dev.spool.api.Delivery;
import dev.spool.api.HistoryScale;
import dev.spool.api.Spool;
import dev.spool.api.SpoolException;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.api.WorkerInfo;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Garbage written straight into every Redis key a backend owns (the layout in each backend's Lua
 * header): the wrong Redis type where a list, sorted set, hash, stream or string belongs. While the
 * key is broken, every operation on that queue either works or throws a {@link SpoolException} whose
 * message names the queue or the key; other queues keep working; and once the key is repaired (deleted)
 * the queue works again and the task enqueued before the garbage is neither lost nor stuck: it is
 * delivered, or it is a dead letter with a reason.
 */
class GarbageKeysTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    static final Map<String, Broker> BROKERS = new HashMap<>();
    static final String OTHER = "garbage-other";

    /** Queue-scoped key suffixes (after spool:{q}:) and global keys, per backend. */
    static final Map<String, List<String>> KEYS = Map.of(
            "redis-list", List.of("ready:0", "ready:9", "delayed", "inflight", "tasks", "lease", "attempts", "uniq", "dead",
                    "dead:body", "dead:info", "stats", "paused", "wake", "sent", "errors", "finished", "finished:at", "cancel",
                    "progress", "settings", "events", "unique:k1",
                    "/spool:queues", "/spool:{workers}:info", "/spool:{workers}:beat", "/spool:{workers}:dataset"),
            "redis-stream", List.of("stream:0", "stream:9", "leases", "tokens", "scheduled", "dead-letters", "where", "finished",
                    "finished:at", "cancel", "progress", "settings", "events", "wake",
                    "stats", "paused", "consumers", "unique:k1", "/spool:queues", "/spool:{workers}:beat",
                    "/spool:{workers}:info", "/spool:{workers}:dataset"));

    /**
     * Keys whose garbage breaks no operation, and why: every other case must see at least one operation
     * fail clearly, or it tested nothing.
     */
    static final Map<String, String> HARMLESS = Map.of(
            "paused", "read with EXISTS only: a key of any type reads as paused, until it is deleted",
            "errors", "redis-list writes it when a delivery is retried, which these operations do not do",
            "finished", "written by an ack of a task with a retention, which these operations do not enqueue",
            "finished:at", "written by an ack of a task with a retention, which these operations do not enqueue",
            "cancel", "read only for a task cancelled while running, which these operations do not cancel",
            "progress", "written only by a handler's progress report, which these operations do not make; the"
                    + " deletes when a task ends pass over a key of another type",
            "settings", "read with pcall: a key of another type reads as the defaults",
            "events", "written with pcall: a key of another type drops the events, never the state change");

    /**
     * Keys whose garbage made a backend lose the task enqueued before it (finding F6 on redis-list, and
     * the same on redis-stream's tokens; both fixed): a fetch script failed half-way after taking the
     * task from its ready list or stream. Run by {@link #findingF6}.
     */
    static final Set<String> LOSES_A_TASK = Set.of("redis-list ready:0", "redis-list attempts", "redis-list tasks",
            "redis-stream tokens");

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        KEYS.forEach((b, keys) -> keys.stream().filter(k -> !LOSES_A_TASK.contains(b + " " + k)).forEach(k -> out.add(Arguments.of(b, k))));
        out.sort((x, y) -> (x.get()[0] + " " + x.get()[1]).compareTo(y.get()[0] + " " + y.get()[1]));
        return out.stream();
    }

    @BeforeAll
    static void open() {
        for (String b : KEYS.keySet()) {
            BROKERS.put(b, Spool.connect(b, BackendConfig.builder(REDIS.url()).lease(Duration.ofSeconds(1)).build()));
        }
    }

    @AfterAll
    static void close() {
        BROKERS.values().forEach(Broker::close);
        BROKERS.clear();
    }

    static Stream<Arguments> lossCases() {
        return LOSES_A_TASK.stream().sorted().map(c -> Arguments.of(c.split(" ")[0], c.split(" ")[1]));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("lossCases")
    void findingF6(String backend, String suffix) {
        aBrokenKeyGivesClearErrorsAndLosesNothing(backend, suffix);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aBrokenKeyGivesClearErrorsAndLosesNothing(String backend, String suffix) {
        REDIS.flushAll();
        Broker broker = BROKERS.get(backend);
        String q = "g-" + suffix.replaceAll("[^A-Za-z0-9]", "_");
        String key = suffix.startsWith("/") ? suffix.substring(1) : "spool:{" + q + "}:" + suffix;
        TaskQueue queue = broker.queue(q);
        TaskQueue other = broker.queue(OTHER);
        // a task before the garbage, at priority 3 (not in ready:0 / ready:9 / stream:0 / stream:9, which the garbage replaces)
        String before = queue.enqueue(Task.builder("t").priority(3).build()).taskId();
        other.enqueue(Task.of("t", "{}"));
        broker.workers().heartbeat(worker(), Duration.ofSeconds(30));

        String type = String.valueOf(REDIS.command("TYPE", key));
        REDIS.command("DEL", key);
        String wrote;
        if (type.equals("string") || type.equals("none") && (suffix.equals("paused") || suffix.startsWith("unique:"))) {
            REDIS.command("HSET", key, "garbage", "x");
            wrote = "HSET (a hash where a string belongs)";
        } else {
            REDIS.command("SET", key, "garbage");
            wrote = "SET (a string where a " + (type.equals("none") ? "list/hash/zset" : type) + " belongs)";
        }

        Map<String, String> errors = new LinkedHashMap<>();
        Set<String> leased = new HashSet<>();
        attempt(errors, "enqueue", () -> queue.enqueue(Task.builder("t").uniqueKey("k1").build()));
        attempt(errors, "enqueue delayed", () -> queue.enqueue(Task.builder("t").runAt(Instant.now().plusSeconds(3600)).build()));
        attempt(errors, "fetch", () -> {
            queue.fetch(5, Duration.ofMillis(100)).forEach(d -> leased.add(d.id()));
            return null;
        });
        attempt(errors, "stats", () -> broker.inspector().stats(q));
        attempt(errors, "dead letters", () -> broker.inspector().deadLetters(q, 0, 10));
        attempt(errors, "history", () -> broker.inspector().history(q, HistoryScale.MINUTES));
        attempt(errors, "run now", () -> broker.inspector().runNow(q, before));
        attempt(errors, "delete", () -> broker.inspector().delete(q, "no-such-task"));
        attempt(errors, "queues", () -> broker.inspector().queues());
        attempt(errors, "workers", () -> broker.workers().list());
        attempt(errors, "heartbeat", () -> {
            broker.workers().heartbeat(worker(), Duration.ofSeconds(30));
            return null;
        });
        for (Map.Entry<String, String> e : errors.entrySet()) {
            if (suffix.startsWith("/")) { // a key every queue shares: the error names it, or the registry it serves
                assertThat(e.getValue()).as("%s: the error names the key or what it holds", e.getKey())
                        .containsAnyOf(key, "worker", "heartbeat", "queues");
            } else { // a key of queue q: the error names q (the queue, or its key spool:{q}:...)
                assertThat(e.getValue()).as("%s: the error names the queue or its key", e.getKey()).contains(q);
            }
        }
        System.out.println(backend + " " + key + " after " + wrote + ": " + errors.size() + " operation(s) failed clearly: "
                + errors.keySet());
        if (!HARMLESS.containsKey(suffix)) {
            assertThat(errors).as("a broken %s must make some operation fail clearly, or this case tests nothing", key)
                    .isNotEmpty();
        }
        // another queue keeps working, unless the key broken is one every queue shares
        if (!suffix.startsWith("/")) {
            List<Delivery> o = other.fetch(1, Duration.ofSeconds(2));
            assertThat(o).as("the other queue still delivers").hasSize(1);
            assertThat(other.ack(o.get(0))).isTrue();
        }

        REDIS.command("DEL", key); // repair
        String after = queue.enqueue(Task.of("t", "{\"after\":true}")).taskId();
        Set<String> seen = new HashSet<>();
        Instant end = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(end) && !(seen.contains(after) && settled(broker, q, before, seen))) {
            for (Delivery d : queue.fetch(10, Duration.ofMillis(300))) {
                seen.add(d.id());
                queue.ack(d);
            }
        }
        assertThat(seen).as("after repair the queue delivers new tasks").contains(after);
        assertThat(settled(broker, q, before, seen)).as("the task enqueued before the garbage (%s) is delivered or a dead letter,"
                + " not lost; errors while broken: %s; dead letters %s; keys now: %s", before, errors,
                broker.inspector().deadLetters(q, 0, 10), dump(q)).isTrue();
        String shown = errors.isEmpty() ? "(no error: the key is tolerated)"
                : errors.entrySet().iterator().next().getKey() + ": " + errors.entrySet().iterator().next().getValue();
        BadInputTable.record("Java API " + backend, "garbage in " + key.replace("{" + q + "}", "{q}") + ": " + wrote,
                errors.size() + " of 11 operations failed while broken; nothing lost after repair",
                shown.replace(q, "q").replace(Integer.toString(REDIS.port()), "PORT"));
    }

    private static boolean settled(Broker broker, String q, String id, Set<String> seen) {
        if (seen.contains(id)) {
            return true;
        }
        List<DeadLetter> dead = broker.inspector().deadLetters(q, 0, 100);
        return dead.stream().anyMatch(d -> d.id().equals(id) && d.error() != null && !d.error().isBlank());
    }

    /** Every key of queue {@code q} with its type and content, as evidence. */
    static String dump(String q) {
        StringBuilder b = new StringBuilder();
        for (Object k : (List<?>) REDIS.command("KEYS", "spool:{" + q + "}:*")) {
            String key = String.valueOf(k);
            String type = String.valueOf(REDIS.command("TYPE", key));
            Object v = switch (type) {
                case "list" -> REDIS.command("LRANGE", key, "0", "-1");
                case "hash" -> REDIS.command("HGETALL", key);
                case "zset" -> REDIS.command("ZRANGE", key, "0", "-1", "WITHSCORES");
                case "string" -> REDIS.command("GET", key);
                case "stream" -> REDIS.command("XRANGE", key, "-", "+");
                default -> type;
            };
            b.append("\n  ").append(key).append(" (").append(type).append(") = ").append(v);
        }
        return b.toString();
    }

    private static WorkerInfo worker() {
        return new WorkerInfo("garbage-w", "h", 1, List.of("q"), 1, 0, Instant.now(), Instant.now());
    }

    /** Runs {@code op}; a failure must be a SpoolException (never a raw client exception), whose message is kept. */
    private static void attempt(Map<String, String> errors, String what, Supplier<?> op) {
        try {
            op.get();
        } catch (SpoolException e) {
            errors.put(what, String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            throw new AssertionError(what + " threw " + e + " instead of a SpoolException naming the queue", e);
        }
    }
}

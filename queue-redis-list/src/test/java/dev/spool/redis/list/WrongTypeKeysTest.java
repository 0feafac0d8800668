package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.BackendException;
import dev.spool.api.Broker;
import dev.spool.api.DeadLetter;
import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.QueueSettings;
import dev.spool.api.RateLimit;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.api.TypeLimit;
import dev.spool.testkit.TestClock;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A queue key holding the wrong Redis type (security finding F6): every script checks the types of
 * the keys it writes before its first write, so the operation fails with an error naming the key
 * and changes nothing, and once the key is repaired every accepted task is delivered or is a dead
 * letter with its reason — none is popped into nowhere, no unique lock outlives its task.
 */
class WrongTypeKeysTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    private final TestClock clock = new TestClock();
    private Broker broker;
    private TaskQueue queue;
    private String prefix;

    @BeforeEach
    void open() {
        broker = Spool.connect("redis-list", BackendConfig.builder(REDIS.url()).clock(clock).build());
        String name = "wrongtype-" + System.nanoTime();
        queue = broker.queue(name);
        prefix = new Keys(name).prefix();
    }

    @AfterEach
    void close() {
        broker.close();
    }

    /** The security engineer's scenario: a task, garbage, a unique task, a fetch; then DEL and fetch. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"attempts", "tasks", "ready:0", "lease", "inflight"})
    void fetchOnABrokenKeyLosesNothingAndAfterDelEveryTaskIsDelivered(String suffix) {
        String key = prefix + suffix;
        String first = queue.enqueue(Task.builder("t").priority(3).build()).taskId();
        REDIS.command("SET", key, "garbage");
        Set<String> accepted = new HashSet<>(Set.of(first));
        try {
            accepted.add(queue.enqueue(Task.builder("t").uniqueKey("k1").build()).taskId());
        } catch (BackendException e) {
            assertClear(e, key, "string");
        }
        assertFetchRefusedChangingNothing(key);

        REDIS.command("DEL", key);
        long lost = 0;
        if (suffix.equals("tasks")) {
            // tasks holds every queued task: the SET over it destroyed the first one's data, which
            // surfaces as a dead letter naming the task and why, never as nothing
            accepted.remove(first);
            lost = 1;
        }
        Set<String> delivered = drain();
        assertThat(delivered).containsAll(accepted);
        assertThat(REDIS.command("EXISTS", prefix + "unique:k1")).as("the unique lock went with its task").isEqualTo(0L);
        assertThat(broker.inspector().stats(queue.name()).processed()).isEqualTo(accepted.size() + lost);
        if (lost > 0) {
            DeadLetter dead = broker.inspector().deadLetters(queue.name(), 0, 10).get(0);
            assertThat(dead.id()).isEqualTo(first);
            assertThat(dead.error()).isEqualTo("ready task " + first + " lost its stored body");
        }
    }

    /**
     * The wake-up list is written by enqueue (which fails naming it) and only blocked on by a fetch
     * that found nothing: a fetch still leases what is ready, and one that would wait fails naming
     * the key instead of spinning until its wait ends.
     */
    @org.junit.jupiter.api.Test
    void aBrokenWakeKeyFailsEnqueueAndAWaitingFetchClearlyAndLosesNothing() {
        String key = prefix + "wake";
        String first = queue.enqueue(Task.builder("t").priority(3).build()).taskId();
        REDIS.command("SET", key, "garbage");
        String before = snapshot();
        BackendException e = org.junit.jupiter.api.Assertions.assertThrows(BackendException.class,
                () -> queue.enqueue(Task.builder("t").uniqueKey("k1").build()));
        assertClear(e, key, "string");
        assertThat(snapshot()).as("an enqueue on a broken key changes nothing").isEqualTo(before);

        List<Delivery> got = queue.fetch(5, Duration.ofSeconds(5));
        assertThat(got).extracting(Delivery::id).containsExactly(first);
        assertThat(queue.ack(got.get(0))).isTrue();
        e = org.junit.jupiter.api.Assertions.assertThrows(BackendException.class,
                () -> queue.fetch(5, Duration.ofSeconds(30)));
        assertClear(e, key, "string");

        REDIS.command("DEL", key);
        String second = queue.enqueue(Task.builder("t").uniqueKey("k1").build()).taskId();
        assertThat(drain()).containsExactly(second);
        assertThat(REDIS.command("EXISTS", prefix + "unique:k1")).as("the unique lock went with its task").isEqualTo(0L);
    }

    /**
     * Every key an enqueue, fetch (with leases to reap and delayed tasks to promote), ack, retry,
     * release or fail writes: put aside, replaced by garbage, each operation run against it (it
     * either works or fails naming the key, changing nothing), then the garbage deleted and the
     * key's content put back: every accepted task is delivered or a dead letter, none is lost.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ready:0", "ready:3", "ready:9", "delayed", "inflight", "tasks", "lease", "attempts",
            "uniq", "dead", "dead:body", "dead:info", "stats", "wake", "sent", "unique:k1"})
    void everyOperationOnABrokenKeyFailsClearlyOrWorksAndNothingIsLost(String suffix) {
        String key = prefix + suffix;
        Set<String> accepted = new LinkedHashSet<>();
        Set<String> delivered = new HashSet<>();
        // in flight, to expire (reaped by the next fetch), and in flight, held
        String expiring = queue.enqueue(Task.builder("t").priority(9).build()).taskId();
        String held = queue.enqueue(Task.builder("t").priority(9).build()).taskId();
        String retried = queue.enqueue(Task.builder("t").priority(9).maxAttempts(5).build()).taskId();
        String released = queue.enqueue(Task.builder("t").priority(9).maxAttempts(5).build()).taskId();
        String failed = queue.enqueue(Task.builder("t").priority(9).build()).taskId();
        accepted.addAll(List.of(expiring, held, retried, released, failed));
        assertThat(queue.fetch(1, Duration.ZERO, Duration.ofSeconds(5)).get(0).id()).isEqualTo(expiring);
        Delivery h = queue.fetch(1, Duration.ZERO, Duration.ofMinutes(10)).get(0);
        Delivery r = queue.fetch(1, Duration.ZERO, Duration.ofMinutes(10)).get(0);
        Delivery rel = queue.fetch(1, Duration.ZERO, Duration.ofMinutes(10)).get(0);
        Delivery f = queue.fetch(1, Duration.ZERO, Duration.ofMinutes(10)).get(0);
        assertThat(List.of(h.id(), r.id(), rel.id(), f.id())).containsExactly(held, retried, released, failed);
        assertThat(queue.fail(f, "boom")).isTrue(); // a dead letter: dead, dead:body, dead:info
        Delivery retryMe = r;
        // queued ones: priority 3 and 0, a held unique key, a delayed task that becomes due
        accepted.add(queue.enqueue(Task.builder("t").priority(3).build()).taskId());
        accepted.add(queue.enqueue(Task.builder("t").uniqueKey("k1").build()).taskId());
        accepted.add(queue.enqueue(Task.builder("t").runAt(clock.instant().plusSeconds(3)).build()).taskId());
        clock.advance(Duration.ofSeconds(6)); // the delayed task is due, the 5 s lease ran out

        String type = String.valueOf(REDIS.command("TYPE", key));
        String saved = prefix + "saved";
        if (!type.equals("none")) {
            REDIS.command("RENAME", key, saved);
        }
        boolean stringKey = type.equals("string") || suffix.startsWith("unique:");
        String holds = stringKey ? "hash" : "string";
        if (stringKey) {
            REDIS.command("HSET", key, "garbage", "x");
        } else {
            REDIS.command("SET", key, "garbage");
        }

        List<String> failedOps = new ArrayList<>();
        run(failedOps, "retry", key, holds, () -> queue.retry(retryMe, Duration.ZERO, "again"));
        run(failedOps, "release", key, holds, () -> queue.release(rel));
        run(failedOps, "enqueue", key, holds, () -> accept(accepted, queue.enqueue(Task.of("t", "{}"))));
        run(failedOps, "enqueue unique", key, holds,
                () -> accept(accepted, queue.enqueue(Task.builder("t").uniqueKey("k1").build())));
        run(failedOps, "enqueue delayed", key, holds,
                () -> accept(accepted, queue.enqueue(Task.builder("t").runAt(clock.instant().plusSeconds(60)).build())));
        run(failedOps, "ack", key, holds, () -> {
            if (queue.ack(h)) {
                delivered.add(h.id());
            }
            return null;
        });
        run(failedOps, "fetch", key, holds, () -> {
            queue.fetch(1, Duration.ZERO, Duration.ofMillis(1)); // leased and let expire: delivered again below
            return null;
        });
        if (!Set.of("sent", "unique:k1", "uniq", "dead", "dead:body", "dead:info").contains(suffix)) {
            assertThat(failedOps).as("a fetch that reaps, promotes and leases touches %s", key).contains("fetch");
        }
        if (Set.of("ready:0", "sent", "wake").contains(suffix)) {
            assertThat(failedOps).as("an enqueue writes %s", key).contains("enqueue");
        }
        if (Set.of("lease", "tasks", "stats", "inflight", "uniq").contains(suffix)) {
            assertThat(failedOps).as("an ack writes %s", key).contains("ack");
        }
        if (suffix.equals("unique:k1")) {
            assertThat(failedOps).contains("enqueue unique");
        }

        REDIS.command("DEL", key); // the repair
        if (!type.equals("none")) {
            REDIS.command("RENAME", saved, key);
        }
        clock.advance(Duration.ofMinutes(11)); // every lease held above runs out
        delivered.addAll(drain());
        Set<String> dead = new HashSet<>();
        for (DeadLetter d : broker.inspector().deadLetters(queue.name(), 0, 100)) {
            assertThat(d.error()).as("dead letter %s has its reason", d.id()).isNotBlank();
            dead.add(d.id());
        }
        for (String id : accepted) {
            assertThat(delivered.contains(id) || dead.contains(id))
                    .as("task %s is delivered or a dead letter (failed: %s); keys: %s", id, failedOps, snapshot()).isTrue();
        }
        assertThat(dead).contains(failed);
        assertThat(REDIS.command("EXISTS", prefix + "unique:k1")).as("no unique lock outlives its task").isEqualTo(0L);
        var stats = broker.inspector().stats(queue.name());
        assertThat(stats.ready() + stats.delayed() + stats.inFlight()).as("nothing left behind but the 60 s delayed task")
                .isLessThanOrEqualTo(1);
    }

    /** A key of a type's limits holding a string: the fetch is refused before it pops anything. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"leased", "leased:t", "rate:t"})
    void aBrokenKeyOfATypeLimitFailsTheFetchBeforeItTakesAnything(String suffix) {
        String key = prefix + suffix;
        broker.inspector().configure(queue.name(), QueueSettings.DEFAULTS.withTypeLimit("t",
                new TypeLimit(RateLimit.parse("5/1s"), 1)));
        String id = queue.enqueue(Task.of("t", "{}")).taskId();
        REDIS.command("SET", key, "garbage");
        assertFetchRefusedChangingNothing(key);
        REDIS.command("DEL", key);
        List<Delivery> got = queue.fetch(5, Duration.ZERO);
        assertThat(got).extracting(Delivery::id).containsExactly(id);
        REDIS.command("SET", key, "garbage");
        assertThat(queue.ack(got.get(0))).as("settling tolerates it: the slot runs out with its lease").isTrue();
        REDIS.command("DEL", key);
    }

    /** A fetch fails naming the broken {@code key} (holding a string) and changes nothing. */
    private void assertFetchRefusedChangingNothing(String key) {
        String before = snapshot();
        BackendException e = org.junit.jupiter.api.Assertions.assertThrows(BackendException.class,
                () -> queue.fetch(5, Duration.ZERO));
        assertClear(e, key, "string");
        assertThat(snapshot()).as("a fetch on a broken key changes nothing").isEqualTo(before);
    }

    private void run(List<String> failedOps, String what, String key, String holds, Supplier<?> op) {
        String before = snapshot();
        try {
            op.get();
        } catch (BackendException e) {
            assertClear(e, key, holds);
            assertThat(snapshot()).as("%s on a broken %s changes nothing", what, key).isEqualTo(before);
            failedOps.add(what);
        }
    }

    private static Void accept(Set<String> accepted, EnqueueResult r) {
        if (r.accepted()) {
            accepted.add(r.taskId());
        }
        return null;
    }

    private static void assertClear(BackendException e, String key, String holds) {
        assertThat(e.getMessage()).contains(key + " holds a " + holds + ", expected a")
                .contains("delete or repair it").contains("'" + key.substring(key.indexOf('{') + 1, key.indexOf('}')) + "'");
    }

    /** Fetches and acks until nothing is ready; returns the ids delivered. */
    private Set<String> drain() {
        Set<String> seen = new HashSet<>();
        while (true) {
            List<Delivery> got = queue.fetch(10, Duration.ZERO);
            if (got.isEmpty()) {
                return seen;
            }
            for (Delivery d : got) {
                seen.add(d.id());
                assertThat(queue.ack(d)).isTrue();
            }
        }
    }

    /** Every key of the queue with its type and content, to compare before and after a failed call. */
    private String snapshot() {
        TreeMap<String, Object> all = new TreeMap<>();
        for (Object k : (List<?>) REDIS.command("KEYS", prefix.replace("{", "\\{").replace("}", "\\}") + "*")) {
            String key = String.valueOf(k);
            String type = String.valueOf(REDIS.command("TYPE", key));
            Object v = switch (type) {
                case "list" -> REDIS.command("LRANGE", key, "0", "-1");
                case "hash" -> new TreeMap<>(pairs(REDIS.command("HGETALL", key)));
                case "zset" -> REDIS.command("ZRANGE", key, "0", "-1", "WITHSCORES");
                case "string" -> key.endsWith(":sent") ? "" : REDIS.command("GET", key);
                default -> type;
            };
            all.put(key, type + " " + v);
        }
        return all.toString();
    }

    private static java.util.Map<String, Object> pairs(Object reply) {
        java.util.Map<String, Object> m = new java.util.HashMap<>();
        if (reply instanceof java.util.Map<?, ?> map) {
            map.forEach((k, v) -> m.put(String.valueOf(k), v));
        } else if (reply instanceof List<?> l) {
            for (int i = 0; i + 1 < l.size(); i += 2) {
                m.put(String.valueOf(l.get(i)), l.get(i + 1));
            }
        }
        return m;
    }
}

package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.NotReplicatedException;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.Eventually;
import dev.spool.testkit.redis.ClusterNode;
import dev.spool.testkit.redis.RedisClusterExtension;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code replicas.wait}: on a real cluster with a replica per master an enqueue returns once the
 * replica holds its tasks; on a server without a replica the shortfall is logged (tasks stored,
 * ACCEPTED) or thrown as {@link NotReplicatedException} naming the stored tasks; and with the
 * default {@code replicas.wait=0} no WAIT is sent at all.
 */
class RedisStreamReplicasWaitTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.create(3, 1);

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @BeforeEach
    void clusterIsHealthy() {
        CLUSTER.awaitHealthy();
    }

    @Test
    void onAClusterAnEnqueueReturnsOnlyOnceTheReplicaHoldsItsTasks() {
        String queue = "replicated";
        String stream = Keys.prefix(queue) + "stream:0";
        BackendConfig config = BackendConfig.builder(CLUSTER.seedUrl()).option("replicas.wait", "1")
                .option("replicas.timeout", "10s").option("replicas.shortfall", "fail").build(); // a shortfall throws
        try (Broker broker = Spool.connect("redis-stream", config)) {
            TaskQueue q = broker.queue(queue);
            ClusterNode master = CLUSTER.masterForKey(stream);
            ClusterNode replica = CLUSTER.replicasOf(master).get(0);
            master.command("SCRIPT", "FLUSH"); // the first call also takes the NOSCRIPT path
            long waits = calls(master.info("commandstats"), "wait");
            long noScripts = stat(master.info("commandstats"), "evalsha", "failed_calls");

            assertThat(q.enqueue(Task.builder("t").id("solo").build()).accepted()).isTrue();
            assertThat((long) onReplica(replica, j -> j.xlen(stream))).as("entries on the replica after one enqueue").isEqualTo(1);
            assertThat((boolean) onReplica(replica, j -> j.hexists(Keys.prefix(queue) + "where", "solo"))).isTrue();

            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                tasks.add(Task.of("t", "{\"i\":" + i + "}"));
            }
            List<EnqueueResult> results = q.enqueueAll(tasks);
            assertThat(results).hasSize(300).allMatch(EnqueueResult::accepted);
            assertThat((long) onReplica(replica, j -> j.xlen(stream))).as("entries on the replica after enqueueAll").isEqualTo(301);
            assertThat(calls(master.info("commandstats"), "wait") - waits).as("WAITs on the queue's master")
                    .isGreaterThanOrEqualTo(2);
            Map<String, String> stats = master.info("commandstats");
            if (stats.getOrDefault("cmdstat_evalsha", "").contains("failed_calls=")) { // Redis 6.2+
                assertThat(stat(stats, "evalsha", "failed_calls") - noScripts).as("NOSCRIPT replies, recovered from")
                        .isPositive();
            }

            Map<String, Delivery> got = fetchAll(q, 301);
            assertThat(got.keySet()).contains("solo")
                    .containsAll(results.stream().map(EnqueueResult::taskId).toList());
            assertThat(q.ackAll(got.values())).isEqualTo(301);
            assertThat(q.fetch(10, Duration.ZERO)).isEmpty();
            assertThat(broker.inspector().stats(queue).processed()).isEqualTo(301);
        }
    }

    @Test
    void withoutAReplicaTheShortfallIsLoggedAndTheTasksAreStored() {
        assumeNoReplica();
        try (Broker broker = Spool.connect("redis-stream", BackendConfig.builder(REDIS.url())
                .option("replicas.wait", "1").option("replicas.timeout", "200ms").build())) {
            TaskQueue q = broker.queue("lonely-log");
            EnqueueResult one = q.enqueue(Task.builder("t").id("alone").build());
            List<EnqueueResult> more = q.enqueueAll(List.of(Task.of("t", "{}"), Task.of("t", "{}"), Task.of("t", "{}")));
            assertThat(one.accepted()).isTrue();
            assertThat(more).hasSize(3).allMatch(EnqueueResult::accepted);

            Map<String, Delivery> got = fetchAll(q, 4);
            assertThat(got.keySet()).containsExactlyInAnyOrder("alone", more.get(0).taskId(), more.get(1).taskId(),
                    more.get(2).taskId());
            assertThat(q.ackAll(got.values())).isEqualTo(4);
        }
    }

    @Test
    void withoutAReplicaShortfallFailThrowsNamingTheStoredTasksWhichStayQueued() {
        assumeNoReplica();
        try (Broker broker = Spool.connect("redis-stream", BackendConfig.builder(REDIS.url())
                .option("replicas.wait", "1").option("replicas.timeout", "200ms").option("replicas.shortfall", "fail").build())) {
            TaskQueue q = broker.queue("lonely-fail");
            assertThatThrownBy(() -> q.enqueue(Task.builder("t").id("must-survive").build()))
                    .isInstanceOfSatisfying(NotReplicatedException.class, e -> {
                        assertThat(e.taskIds()).containsExactly("must-survive");
                        assertThat(e.confirmed()).isZero();
                    })
                    .hasMessageContaining("redis-stream: enqueue on queue 'lonely-fail'")
                    .hasMessageContaining("task must-survive").hasMessageContaining("0 of 1 replicas")
                    .hasMessageContaining("replicas.shortfall=fail").hasMessageContaining("enqueue it again with the same id");
            assertThat(fetchAll(q, 1)).containsOnlyKeys("must-survive");

            List<Task> three = List.of(Task.of("t", "{\"n\":1}"), Task.of("t", "{\"n\":2}"), Task.of("t", "{\"n\":3}"));
            NotReplicatedException e = (NotReplicatedException) catchThrown(() -> q.enqueueAll(three));
            assertThat(e).hasMessageContaining("queue 'lonely-fail'").hasMessageContaining("3 tasks")
                    .hasMessageContaining("enqueue them again with the same ids");
            assertThat(e.taskIds()).hasSize(3).doesNotHaveDuplicates();
            Map<String, Delivery> got = fetchAll(q, 3);
            assertThat(new ArrayList<>(got.keySet())).as("the stored tasks, in call order").isEqualTo(e.taskIds());
        }
    }

    @Test
    void byDefaultNoWaitIsSent() {
        try (Broker broker = Spool.connect("redis-stream", BackendConfig.builder(REDIS.url()).build())) {
            TaskQueue q = broker.queue("unreplicated");
            long before = waitCalls(info(REDIS));
            assertThat(q.enqueue(Task.of("t", "{}")).accepted()).isTrue();
            assertThat(q.enqueueAll(List.of(Task.of("t", "{}"), Task.of("t", "{}")))).allMatch(EnqueueResult::accepted);
            assertThat(fetchAll(q, 3)).hasSize(3);
            assertThat(waitCalls(info(REDIS))).as("WAIT calls on the server").isEqualTo(before);
        }
    }

    /** Fetches until {@code n} tasks arrived (the order of the priority-0 stream: enqueue order). */
    private static Map<String, Delivery> fetchAll(TaskQueue q, int n) {
        Map<String, Delivery> got = new LinkedHashMap<>();
        Eventually.until(PATIENCE, () -> n + " tasks fetched from " + q.name() + " (got " + got.size() + ")", () -> {
            for (Delivery d : q.fetch(n - got.size(), Duration.ofMillis(200))) {
                got.put(d.id(), d);
            }
            return got.size() >= n;
        });
        assertThat(got).hasSize(n);
        return got;
    }

    private static <T> T onReplica(ClusterNode replica, java.util.function.Function<Jedis, T> read) {
        try (Jedis j = replica.jedis()) {
            j.readonly();
            return read.apply(j);
        }
    }

    private static void assumeNoReplica() {
        Map<String, String> repl = parse(info(REDIS, "replication"));
        Assumptions.assumeTrue("0".equals(repl.get("connected_slaves")),
                () -> "skipped: the test server has replicas (" + repl + ")");
    }

    private static String info(RedisServerExtension redis) {
        return info(redis, "commandstats");
    }

    private static String info(RedisServerExtension redis, String section) {
        try (Jedis j = redis.jedis()) {
            return j.info(section);
        }
    }

    private static long waitCalls(String commandstats) {
        return calls(parse(commandstats), "wait");
    }

    /** The calls of {@code command} in an {@code INFO commandstats} section (0 when never called). */
    private static long calls(Map<String, String> stats, String command) {
        return stat(stats, command, "calls");
    }

    /** A counter ({@code calls}, {@code failed_calls}) of {@code command} in {@code INFO commandstats}; 0 when absent. */
    private static long stat(Map<String, String> stats, String command, String counter) {
        for (String part : stats.getOrDefault("cmdstat_" + command, "").split(",")) {
            if (part.startsWith(counter + "=")) {
                return Long.parseLong(part.substring(counter.length() + 1).trim());
            }
        }
        return 0;
    }

    private static Map<String, String> parse(String info) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                out.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    private static Throwable catchThrown(Supplier<?> call) {
        try {
            call.get();
        } catch (RuntimeException e) {
            assertThat(e).isInstanceOf(NotReplicatedException.class);
            return e;
        }
        throw new AssertionError("expected a NotReplicatedException");
    }
}

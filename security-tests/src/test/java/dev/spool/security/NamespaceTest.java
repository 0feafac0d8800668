package dev.spool.security;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.WorkerInfo;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backend option {@code namespace}: applications sharing one Redis each see only their own
 * queues, tasks, stats and workers, and every key they write is under {@code spool:<namespace>:}.
 * (The contract suite runs in a namespace on the Cluster setups; AclTest holds a user to one.)
 */
class NamespaceTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    static Broker open(String backend, String namespace) {
        BackendConfig.Builder b = BackendConfig.builder(REDIS.url());
        if (namespace != null) {
            b.option("namespace", namespace);
        }
        return Spool.connect(backend, b.build());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void eachNamespaceSeesOnlyItsOwnQueuesTasksAndWorkers(String backend) {
        REDIS.flushAll();
        try (Broker billing = open(backend, "billing"); Broker shop = open(backend, "shop"); Broker none = open(backend, null)) {
            String b = billing.queue("orders").enqueue(Task.of("t", "{\"ns\":\"billing\"}")).taskId();
            shop.queue("orders").enqueue(Task.of("t", "{\"ns\":\"shop\"}"));
            shop.queue("orders").enqueue(Task.of("t", "{\"ns\":\"shop\"}"));
            none.queue("plain").enqueue(Task.of("t", "{}"));
            billing.workers().heartbeat(worker("billing-w"), Duration.ofSeconds(30));
            none.workers().heartbeat(worker("plain-w"), Duration.ofSeconds(30));

            assertThat(billing.inspector().queues()).containsExactly("orders");
            assertThat(none.inspector().queues()).containsExactly("plain");
            assertThat(billing.inspector().stats("orders").ready()).isEqualTo(1);
            assertThat(shop.inspector().stats("orders").ready()).isEqualTo(2);
            assertThat(none.inspector().stats("orders").ready()).isZero();
            assertThat(billing.workers().list()).extracting(WorkerInfo::id).containsExactly("billing-w");
            assertThat(shop.workers().list()).isEmpty();
            assertThat(none.workers().list()).extracting(WorkerInfo::id).containsExactly("plain-w");

            List<Delivery> got = billing.queue("orders").fetch(10, Duration.ofMillis(200));
            assertThat(got).extracting(Delivery::id).containsExactly(b);
            assertThat(billing.queue("orders").ack(got.get(0))).isTrue();
            assertThat(shop.queue("orders").fetch(10, Duration.ofMillis(200))).hasSize(2);

            for (Object k : (List<?>) REDIS.command("KEYS", "*")) {
                assertThat(String.valueOf(k)).as("every key is in a namespace's space or the default's")
                        .matches("spool:(billing:|shop:)?(queues|\\{workers\\}:.*|\\{(orders|plain)\\}:.*)");
            }
            assertThat((List<?>) REDIS.command("KEYS", "spool:billing:{orders}:*")).isNotEmpty();
            assertThat((List<?>) REDIS.command("KEYS", "spool:{orders}:*")).as("nothing of 'orders' outside the namespaces").isEmpty();
        }
    }

    static WorkerInfo worker(String id) {
        return new WorkerInfo(id, "host", 1, List.of("orders"), 1, 0, Instant.now(), Instant.now());
    }
}

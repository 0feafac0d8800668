package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;
import dev.spool.api.BackendException;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.testkit.Eventually;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis goes away under a running producer and two consumers, and comes back: the queue recovers
 * by itself (the callers only retry what threw), and every task whose enqueue returned is delivered.
 * Once with a restart of the server (AOF on, fsync always), once with CLIENT KILL of every connection.
 */
class RedisStreamRecoveryTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated()
            .withConfig("appendonly", "yes")
            .withConfig("appendfsync", "always");

    private static final int TOTAL = 3_000;

    @Test
    void aRestartOfRedisLosesNothingAccepted() throws Exception {
        REDIS.assumeControllable();
        run("restart-" + System.nanoTime(), REDIS::restart);
    }

    @Test
    void killedConnectionsAreReopenedAndLoseNothing() throws Exception {
        long[] dropped = new long[3];
        run("kill-" + System.nanoTime(), () -> {
            for (int i = 0; i < 3; i++) {
                dropped[i] = (Long) REDIS.command("CLIENT", "KILL", "TYPE", "normal"); // the calling client is skipped
                sleep(150);
            }
        });
        // the first kill must have hit the backend's live connections, or the test proved nothing about recovery
        // (the later ones may come before Redisson has reconnected)
        assertThat(dropped[0]).as("connections dropped by the first CLIENT KILL, of " + java.util.Arrays.toString(dropped)).isPositive();
    }

    private void run(String queue, Runnable disruption) throws Exception {
        BackendConfig config = BackendConfig.builder(REDIS.url()).lease(Duration.ofSeconds(2))
                .option("retry.for", "20s").build();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        Set<String> firstAttempts = ConcurrentHashMap.newKeySet();
        List<String> stored2x = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<String> threwOnEnqueue = ConcurrentHashMap.newKeySet();
        AtomicInteger errors = new AtomicInteger();
        Set<String> kinds = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        try (Broker broker = Spool.connect("redis-stream", config)) {
          try {
            threads.add(new Thread(() -> {
                TaskQueue q = broker.queue(queue);
                for (int i = 0; i < TOTAL && !stop.get(); i++) {
                    Task t = Task.builder("r").id("t-" + i).payload("{\"i\":" + i + "}").build();
                    while (!stop.get()) {
                        try {
                            accepted.add(q.enqueue(t).taskId());
                            break;
                        } catch (BackendException e) {
                            errors.incrementAndGet();
                            kinds.add(e.getMessage());
                            threwOnEnqueue.add(t.id()); // may be stored: retrying it may store it twice
                            sleep(50);
                        }
                    }
                    if (i % 10 == 0) {
                        sleep(1); // spread the run over the disruption
                    }
                }
            }, "producer"));
            for (int c = 0; c < 2; c++) {
                threads.add(new Thread(() -> {
                    TaskQueue q = broker.queue(queue);
                    while (!stop.get()) {
                        try {
                            List<Delivery> got = q.fetch(50, Duration.ofMillis(200));
                            for (Delivery d : got) {
                                delivered.add(d.id());
                                if (d.attempt() == 1 && !firstAttempts.add(d.id())) {
                                    stored2x.add(d.id()); // a second entry of one task, e.g. an enqueue sent twice
                                }
                            }
                            q.ackAll(got);
                        } catch (BackendException e) {
                            errors.incrementAndGet();
                            kinds.add(e.getMessage());
                            sleep(50);
                        }
                    }
                }, "consumer-" + c));
            }
            threads.forEach(Thread::start);
            Eventually.until(Duration.ofSeconds(60), "a third of the tasks accepted", () -> accepted.size() >= TOTAL / 3);
            long t0 = System.nanoTime();
            disruption.run();
            long t1 = System.nanoTime();
            Eventually.until(Duration.ofSeconds(120), () -> "all " + TOTAL + " accepted, got " + accepted.size(),
                    () -> accepted.size() == TOTAL);
            long t2 = System.nanoTime();
            Eventually.until(Duration.ofSeconds(120), () -> "every accepted task delivered; missing "
                    + accepted.stream().filter(id -> !delivered.contains(id)).limit(10).toList(),
                    () -> delivered.containsAll(accepted));
            Eventually.until(Duration.ofSeconds(60), "the queue drained",
                    () -> broker.inspector().stats(queue).pending() == 0);
            System.out.printf("%s: disruption %d ms, then all accepted after %d ms, drained after %d ms%n", queue,
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
          } finally {
            stop.set(true); // before the broker closes
            for (Thread t : threads) {
                t.join(30_000);
            }
          }
        }
        assertThat(delivered).containsAll(accepted);
        assertThat(stored2x).as("tasks stored twice though their enqueue never threw").isSubsetOf(threwOnEnqueue);
        System.out.println(queue + ": " + errors.get() + " calls threw during the disruption and were retried by the caller; "
                + stored2x.size() + " tasks stored twice after such a retry; errors: " + kinds);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

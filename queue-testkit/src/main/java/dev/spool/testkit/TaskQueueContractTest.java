package dev.spool.testkit;

import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.QueueInspector;
import dev.spool.api.QueueStats;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.api.WorkerInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance suite every backend runs unchanged: one or more tests per clause of the
 * contract in DESIGN.md. A backend's test extends this class and supplies
 * {@link #openBroker(java.time.Clock, java.util.Map)} and {@link #storeGarbage}; the tests themselves are spread
 * over its superclasses, one concern each ({@link LeaseContract}, {@link RetryContract},
 * {@link OrderingContract}, {@link InputContract}, {@link ArgumentContract}, {@link LookupContract},
 * {@link ResultContract}, {@link CancelContract}, {@link ProgressContract}, {@link EventsContract},
 * {@link ScheduleContract}, {@link LimitContract}, {@link TypeLimitContract}, {@link ExpiryContract}, {@link TaskPageContract},
 * {@link AdminContract}), and this class adds stats,
 * administration, the worker registry and the concurrent no-loss run.
 *
 * <pre>{@code
 * class RedisListContractTest extends TaskQueueContractTest {
 *     @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.shared();
 *     protected Broker openBroker(Clock clock, Map<String, String> options) {
 *         return Spool.connect("redis-list", BackendConfig.builder(REDIS.url()).clock(clock).options(options).build());
 *     }
 *     protected void storeGarbage(Broker broker, String queue, String garbage) { ... }
 * }
 * }</pre>
 */
public abstract class TaskQueueContractTest extends AdminContract {

    /** Tasks moved by the concurrent run; at least 10,000. */
    protected int concurrentTasks() {
        return 10_000;
    }

    @Test
    void statsCountEveryStateAndTheTotals() {
        QueueInspector inspector = broker.inspector();
        enqueue(Task.builder("t").maxAttempts(1).build()); // will be acked
        enqueue(Task.builder("t").maxAttempts(2).build()); // will be retried
        enqueue(Task.builder("t").maxAttempts(1).build()); // will fail
        enqueue(Task.builder("t").build());                // stays in flight
        enqueue(Task.builder("t").build());                // stays ready
        enqueue(Task.builder("t").runAt(clock.instant().plusSeconds(60)).build()); // delayed

        List<Delivery> four = fetchNow(4);
        assertThat(four).hasSize(4);
        assertThat(queue.ack(four.get(0))).isTrue();
        queue.retry(four.get(1), Duration.ofSeconds(30), "later");
        assertThat(queue.fail(four.get(2), "bad")).isTrue();

        QueueStats s = inspector.stats(queue.name());
        assertThat(s.queue()).isEqualTo(queue.name());
        assertThat(s.ready()).as("ready").isEqualTo(1);
        assertThat(s.delayed()).as("delayed: the scheduled retry and the delayed task").isEqualTo(2);
        assertThat(s.inFlight()).as("in flight").isEqualTo(1);
        assertThat(s.dead()).as("dead").isEqualTo(1);
        assertThat(s.processed()).as("processed: ack, retry, fail").isEqualTo(3);
        assertThat(s.failed()).as("failed: retry, fail").isEqualTo(2);
        assertThat(s.paused()).isFalse();
        assertThat(inspector.queues()).contains(queue.name());
    }

    @Test
    void anUnusedQueueHasZeroStats() {
        QueueStats s = broker.inspector().stats(newQueueName("unused"));
        assertThat(List.of(s.ready(), s.delayed(), s.inFlight(), s.dead(), s.processed(), s.failed()))
                .containsOnly(0L);
    }

    @Test
    void aPausedQueueDeliversNothingButAcceptsTasks() {
        QueueInspector inspector = broker.inspector();
        inspector.pause(queue.name());
        String id = enqueue("t", "{}");
        assertNothingReady();
        assertThat(queue.fetch(1, Duration.ofMillis(150), LEASE)).isEmpty();
        assertThat(inspector.stats(queue.name()).paused()).isTrue();
        assertThat(inspector.stats(queue.name()).ready()).isEqualTo(1);
        inspector.resume(queue.name());
        assertThat(inspector.stats(queue.name()).paused()).isFalse();
        Delivery d = fetchOne();
        assertThat(d.id()).isEqualTo(id);
        assertThat(queue.ack(d)).isTrue();
    }

    @Test
    void purgeRemovesReadyAndDelayedButNotInFlightOrDead() {
        enqueue("t", "{}");
        Delivery running = fetchOne();
        bury(1);
        enqueue("t", "{}");
        enqueue("t", "{}");
        enqueue(Task.builder("t").runAt(clock.instant().plusSeconds(5)).build());
        assertThat(broker.inspector().purge(queue.name())).isEqualTo(3);
        clock.advance(Duration.ofSeconds(10));
        assertNothingReady();
        QueueStats s = broker.inspector().stats(queue.name());
        assertThat(s.inFlight()).isEqualTo(1);
        assertThat(s.dead()).isEqualTo(1);
        assertThat(queue.ack(running)).isTrue();
    }

    @Test
    void workersRegisterAndDropOutWhenSilent() {
        String id = "w-" + queue.name();
        WorkerInfo info = new WorkerInfo(id, "host-a", 4242, List.of(queue.name(), "other"), 8, 3,
                clock.instant(), clock.instant());
        broker.workers().heartbeat(info, Duration.ofSeconds(15));
        assertThat(broker.workers().list()).filteredOn(w -> w.id().equals(id)).singleElement()
                .satisfies(w -> {
                    assertThat(w.host()).isEqualTo("host-a");
                    assertThat(w.pid()).isEqualTo(4242);
                    assertThat(w.queues()).containsExactly(queue.name(), "other");
                    assertThat(w.concurrency()).isEqualTo(8);
                    assertThat(w.inFlight()).isEqualTo(3);
                    assertThat(w.startedAt()).isEqualTo(clock.instant());
                });
        clock.advance(Duration.ofSeconds(16));
        assertThat(broker.workers().list()).noneMatch(w -> w.id().equals(id));

        broker.workers().heartbeat(info, Duration.ofSeconds(15));
        broker.workers().deregister(id);
        assertThat(broker.workers().list()).noneMatch(w -> w.id().equals(id));
    }

    @Test
    void fourProducersAndFourConsumersLoseNothingAndDuplicateNothing() throws Exception {
        int total = concurrentTasks();
        int producers = 4;
        int consumers = 4;
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger acked = new AtomicInteger();
        AtomicInteger producing = new AtomicInteger(producers);
        ExecutorService pool = Executors.newFixedThreadPool(producers + consumers);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                jobs.add(pool.submit(() -> {
                    try (TaskQueue q = broker.queue(queue.name())) {
                        int mine = total / producers;
                        for (int i = 0; i < mine; ) {
                            if (i % 100 < 50) { // half one by one, half in batches
                                EnqueueResult r = q.enqueue(Task.of("load", "{\"p\":" + producer + ",\"i\":" + i + "}"));
                                accepted.add(r.taskId());
                                i++;
                            } else {
                                List<Task> batch = new ArrayList<>();
                                for (int k = 0; k < 25 && i < mine; k++, i++) {
                                    batch.add(Task.of("load", "{\"p\":" + producer + ",\"i\":" + i + "}"));
                                }
                                q.enqueueAll(batch).forEach(r -> accepted.add(r.taskId()));
                            }
                        }
                    } finally {
                        producing.decrementAndGet();
                    }
                    return null;
                }));
            }
            for (int c = 0; c < consumers; c++) {
                jobs.add(pool.submit(() -> {
                    try (TaskQueue q = broker.queue(queue.name())) {
                        long idleSince = System.nanoTime();
                        while (acked.get() < total) {
                            List<Delivery> got = q.fetch(16, Duration.ofMillis(100), Duration.ofMinutes(10));
                            for (Delivery d : got) {
                                if (!delivered.add(d.id())) {
                                    duplicates.add(d.id());
                                }
                            }
                            acked.addAndGet(q.ackAll(got));
                            if (!got.isEmpty()) {
                                idleSince = System.nanoTime();
                            } else if (producing.get() == 0 && broker.inspector().stats(queue.name()).pending() == 0) {
                                break; // all produced, nothing left: what is missing was lost
                            } else if (System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(120)) {
                                break; // a hang: let the assertions say what is missing
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(duplicates).as("tasks delivered twice while their lease held").isEmpty();
        assertThat(accepted).as("accepted").hasSize(total);
        assertThat(delivered).as("delivered").isEqualTo(accepted);
        assertThat(acked.get()).as("acknowledged").isEqualTo(total);
        QueueStats s = broker.inspector().stats(queue.name());
        assertThat(s.pending()).as("left in the queue").isZero();
        assertThat(s.processed()).isEqualTo(total);
    }
}

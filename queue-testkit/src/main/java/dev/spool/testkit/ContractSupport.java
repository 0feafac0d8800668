package dev.spool.testkit;

import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every contract test stands on: a fresh broker per test on a {@link TestClock}, a queue of
 * its own per test (so tests never see each other's tasks, even on a shared server), and small
 * helpers. A backend's test supplies {@link #openBroker} and {@link #storeGarbage}.
 */
public abstract class ContractSupport {
    /** A lease long enough never to expire unless a test moves the clock. */
    protected static final Duration LEASE = Duration.ofSeconds(30);
    private static final AtomicInteger QUEUES = new AtomicInteger();

    /** The clock the broker reads; tests advance it instead of sleeping. */
    protected TestClock clock;
    /** The broker under test. */
    protected Broker broker;
    /** A queue of this test's own. */
    protected TaskQueue queue;

    /**
     * Opens a broker of the backend under test on an empty store (or one where no queue of this
     * suite's names exists), reading time from {@code clock}, with the backend {@code options}
     * (empty, or options every backend knows, such as {@code dead.max-count}).
     */
    protected abstract Broker openBroker(Clock clock, Map<String, String> options);

    /**
     * Puts {@code garbage} where the next fetch of {@code queue} meets it as if it were a ready
     * task (for example pushed straight into the ready list), so the suite can check that
     * undecodable data is dead-lettered with a reason and delivery carries on.
     */
    protected abstract void storeGarbage(Broker broker, String queue, String garbage);

    @BeforeEach
    void openQueue(TestInfo info) {
        clock = new TestClock();
        broker = openBroker(clock, Map.of());
        queue = broker.queue(newQueueName(info.getTestMethod().map(m -> m.getName()).orElse("q")));
    }

    @AfterEach
    void closeBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** A queue name no other test uses. */
    protected static String newQueueName(String hint) {
        String base = hint.replaceAll("[^A-Za-z0-9]", "");
        return "ct-" + base.substring(0, Math.min(40, base.length())) + "-" + QUEUES.incrementAndGet()
                + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    }

    /** Enqueues {@code task} on the test's queue and checks it was accepted. */
    protected String enqueue(Task task) {
        EnqueueResult r = queue.enqueue(task);
        assertThat(r.accepted()).as("enqueue of %s accepted", task).isTrue();
        assertThat(r.taskId()).isNotBlank();
        return r.taskId();
    }

    /** Enqueues a task of type {@code type} with payload {@code json}. */
    protected String enqueue(String type, String json) {
        return enqueue(Task.of(type, json));
    }

    /** Fetches without waiting. */
    protected List<Delivery> fetchNow(int max) {
        return queue.fetch(max, Duration.ZERO, LEASE);
    }

    /** Fetches exactly one delivery without waiting, and fails the test if there is none. */
    protected Delivery fetchOne() {
        List<Delivery> got = fetchNow(1);
        assertThat(got).as("one delivery ready").hasSize(1);
        return got.get(0);
    }

    /** Asserts that nothing is ready now. */
    protected void assertNothingReady() {
        assertThat(fetchNow(10)).as("deliveries when none should be ready").isEmpty();
    }
}

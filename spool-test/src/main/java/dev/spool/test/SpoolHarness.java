package dev.spool.test;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.EnqueueResult;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskHandler;
import dev.spool.api.TaskQueue;
import dev.spool.worker.InlineWorker;
import dev.spool.worker.Worker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A private in-memory broker for one test, with the handlers run synchronously and a clock that moves
 * only when told: what {@link SpoolExtension} gives a test method, or what {@link #create()} opens by hand.
 *
 * <pre>{@code
 * @SpoolTest
 * class SendWelcomeTest {
 *     @Test
 *     void sends_the_welcome_mail(SpoolHarness spool) {
 *         List<Welcome> sent = new ArrayList<>();
 *         spool.handle("send_welcome", Welcome.class, (welcome, ctx) -> sent.add(welcome));
 *         spool.queue("mail").enqueue(Task.ofValue("send_welcome", new Welcome("ada@example.com", "Ada")));
 *         spool.drain();
 *         spool.enqueued("mail").single().assertSucceeded();
 *         assertEquals(List.of(new Welcome("ada@example.com", "Ada")), sent);
 *     }
 * }
 * }</pre>
 *
 * <p><b>The worker.</b> {@link #drain()} runs tasks through an {@link InlineWorker}: the production
 * worker's processing (handler by type, interceptors, retry policy, dead letters, {@code RetryLaterException},
 * timeouts) on the test's thread. It is built at the first run from the handlers given here and the settings
 * of {@link #worker(Consumer)}, with classpath discovery off and a {@linkplain #DEFAULT_TIMEOUT default timeout}
 * of a minute; registering more afterwards rebuilds it.
 *
 * <p><b>The clock.</b> {@link #clock()} is the broker's clock, as the Redis server's clock is for the Redis
 * backends: delays, retry backoffs, leases and expiry are judged by it, and only a drain or the test moves it.
 * A producer's {@code Task.Builder.delay}/{@code expiresIn} reads the system clock, so the harness moves a task's
 * {@code runAt} and {@code expiresAt} onto its own clock at enqueue, as the Redis backends move them onto the
 * server's: a task delayed 10 minutes is due 10 minutes after its enqueue by the harness clock. Give the worker
 * the system clock (the default), not this one.
 *
 * <p><b>What it records.</b> Everything enqueued and settled through {@link #broker()} (and its queues, and
 * {@code TaskContext.enqueue} in handlers): give that broker to the code under test. Not thread-safe: use it
 * from the test's thread (handlers may enqueue from any thread).
 */
public final class SpoolHarness implements AutoCloseable {
    /** The timeout of an attempt whose task sets none, so that a hung handler fails a test in a minute. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

    private final ManualClock clock;
    private final Broker backend;
    private final Journal journal;
    private final Broker broker;
    private final Drainer drainer;
    private final List<TaskHandler<?>> handlers = new ArrayList<>();
    private final List<Consumer<Worker.Builder>> settings = new ArrayList<>();
    private InlineWorker worker;
    private boolean closed;

    private SpoolHarness(ManualClock clock) {
        this.clock = clock;
        this.backend = Spool.connect("inmemory", BackendConfig.builder("inmemory://").clock(clock).build());
        this.journal = new Journal(backend.inspector());
        this.broker = new RecordingBroker(backend, journal, clock);
        this.drainer = new Drainer(backend.inspector(), journal, clock);
    }

    /** A harness whose clock starts at the system's time now. Close it after the test. */
    public static SpoolHarness create() {
        return new SpoolHarness(ManualClock.startingNow());
    }

    /** A harness whose clock starts at {@code start}, for tests that need a fixed date. Close it after the test. */
    public static SpoolHarness create(Instant start) {
        return new SpoolHarness(ManualClock.startingAt(start));
    }

    /** The broker: enqueue through it, and give it to the code under test (its store is private to this harness). */
    public Broker broker() {
        open();
        return broker;
    }

    /** The queue {@code name} of {@link #broker()}. */
    public TaskQueue queue(String name) {
        return broker().queue(name);
    }

    /** The broker's clock; {@link #advance} moves it, and so does a drain. */
    public ManualClock clock() {
        return clock;
    }

    /** Moves the clock forward by {@code d} (nothing runs until the next drain). */
    public SpoolHarness advance(Duration d) {
        clock.advance(d);
        return this;
    }

    /** Adds a handler made of a lambda: tasks of {@code type}, payload decoded as {@code payloadType}. */
    public <P> SpoolHarness handle(String type, Class<P> payloadType, TaskHandler.Body<P> body) {
        return handler(TaskHandler.of(type, payloadType, body));
    }

    /** Adds a handler instance (its {@code @Inject} members are filled by the worker's Guice injector). */
    public SpoolHarness handler(TaskHandler<?> handler) {
        open();
        handlers.add(Objects.requireNonNull(handler, "handler"));
        rebuild();
        return this;
    }

    /**
     * Adds worker settings, applied in order after the harness's own: a retry policy, interceptors,
     * listeners, Guice modules, {@code discoverHandlers(true)}, a default timeout ...
     *
     * <pre>{@code
     * spool.worker(w -> w.retryPolicy(RetryPolicy.defaults().withMaxAttempts(3)).modules(new MyBindings()));
     * }</pre>
     */
    public SpoolHarness worker(Consumer<Worker.Builder> settings) {
        open();
        this.settings.add(Objects.requireNonNull(settings, "settings"));
        rebuild();
        return this;
    }

    /**
     * Runs tasks until none is left: every ready task of every queue, those the handlers enqueue, and those
     * that become due as the clock is moved to them (delays, retry backoffs, "run later"), by at most a day.
     * The same as {@code drain(Drain.untilIdle())}.
     *
     * @throws AssertionError when 1,000 handler runs did not empty the queues, or a task is still pending
     *                        (due later than a day, or in a paused queue), naming the tasks left
     */
    public DrainReport drain() {
        return drain(Drain.untilIdle());
    }

    /** Runs tasks as {@code drain} says (see {@link Drain}). */
    public DrainReport drain(Drain drain) {
        Objects.requireNonNull(drain, "drain");
        return drainer.drain(worker(), drain);
    }

    /**
     * Runs the tasks ready now, and those they enqueue ready, without moving the clock; what is delayed stays.
     * The same as {@code drain(Drain.readyOnly())}.
     */
    public DrainReport runReady() {
        return drain(Drain.readyOnly());
    }

    /**
     * Enqueues {@code task} on {@code queue} through the broker and returns it as recorded: a live view that
     * shows its outcome after a drain (one refused as a duplicate says so in its failures).
     */
    public EnqueuedTask enqueue(String queue, Task task) {
        EnqueueResult r = queue(queue).enqueue(task);
        return new EnqueuedTask(journal, clock, journal.find(queue, r.taskId(), r.accepted()));
    }

    /** The tasks enqueued on {@code queue} through the harness's broker since the test began, in enqueue order. */
    public EnqueuedTasks enqueued(String queue) {
        Objects.requireNonNull(queue, "queue");
        return new EnqueuedTasks(journal, clock, "tasks enqueued on queue '" + queue + "'",
                journal.accepted(e -> e.queue.equals(queue)));
    }

    /** The tasks enqueued on every queue through the harness's broker since the test began, in enqueue order. */
    public EnqueuedTasks enqueued() {
        return new EnqueuedTasks(journal, clock, "tasks enqueued", journal.accepted(e -> true));
    }

    /** The tasks refused on {@code queue} as duplicates of a task holding the same unique key. */
    public EnqueuedTasks refused(String queue) {
        Objects.requireNonNull(queue, "queue");
        return new EnqueuedTasks(journal, clock, "tasks refused as duplicates on queue '" + queue + "'",
                journal.refused(e -> e.queue.equals(queue)));
    }

    private InlineWorker worker() {
        open();
        if (worker == null) {
            if (handlers.isEmpty() && settings.isEmpty()) {
                throw new IllegalStateException("no handler to run the tasks with: register one before draining, with "
                        + "spool.handle(\"type\", Payload.class, (payload, ctx) -> ...) or spool.handler(new MyHandler())");
            }
            Worker.Builder b = Worker.builder(broker).discoverHandlers(false).defaultTimeout(DEFAULT_TIMEOUT);
            settings.forEach(s -> s.accept(b));
            handlers.forEach(b::handler);
            worker = b.buildInline();
        }
        return worker;
    }

    private void rebuild() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("this SpoolHarness is closed (the extension closes it when its test ends); "
                    + "take a fresh one as a parameter of the test method");
        }
    }

    /** Stops the worker and drops the broker's store. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            rebuild();
        } finally {
            backend.close();
        }
    }
}

package dev.spool.worker;

import com.google.inject.Module;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.RetryPolicy;
import dev.spool.api.SpoolException;
import dev.spool.api.TaskDefaults;
import dev.spool.api.TaskHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker: fetches tasks from one or more queues of a {@link Broker} and runs their handlers on
 * a bounded pool of threads, with leases renewed, timeouts enforced, retries with backoff, and a
 * graceful shutdown. Build one with {@link #builder(Broker)}:
 *
 * <pre>{@code
 * try (Broker broker = Spool.connect("redis-list", "redis://127.0.0.1:6379");
 *      Worker worker = Worker.builder(broker).queues("critical", "default").concurrency(8)
 *              .handler(new SendMail()).build()) {
 *     worker.start();
 *     ...
 * }   // close(): stop fetching, finish running tasks within the grace period, hand back the rest
 * }</pre>
 *
 * <p><b>Queue order.</b> {@code queues("a", "b")} is strict: {@code b} gets served only while
 * {@code a} is empty. Write weights ({@code queues("a=3", "b=1")}) for a weighted random order in
 * which no queue starves.
 *
 * <p><b>Slots.</b> The worker holds at most {@code concurrency + prefetch} deliveries: {@code concurrency}
 * running handlers and up to {@code prefetch} fetched ahead (their leases are renewed while they wait).
 *
 * <p><b>Shutdown.</b> {@link #close()} stops fetching, hands back ({@code TaskQueue.release}, the
 * attempt not counted) every fetched task not started, and turns {@code TaskContext.isCancelled()}
 * true for the running ones. It waits up to the grace period for them: a handler that returns is
 * acknowledged as usual; one that stops early by throwing {@code CancellationException} (see
 * {@code TaskContext.throwIfCancelled()}) or {@code InterruptedException} is handed back, not failed.
 * Handlers still running after the grace period are interrupted and handed back too. Then it
 * deregisters the worker and stops its threads. The broker is not closed: it belongs to the caller.
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);
    /** How long after the grace period a stop may still wait for the backend. */
    static final Duration STOP_MARGIN = Duration.ofSeconds(5);

    private final Settings config;
    private final String id;
    private final QueueOrder order;
    private final Wiring wiring;
    private final WorkerMetrics metrics;
    private final Processor processor;
    private final ConcurrentHashMap<String, Execution> held = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService pool;
    private final Fetcher fetcher;
    private final Settler settler;
    private final Object idle = new Object();
    private volatile int idleWaiters; // guarded by idle for writes; read without a lock on the hot path
    private final AtomicInteger phase = new AtomicInteger(); // 0 built, 1 started, 2 closing/closed
    private volatile Instant startedAt;
    private volatile Thread fetchThread;
    private final Failures failures = new Failures(System::nanoTime);
    private Thread settlerThread;
    private Heartbeat heartbeat;

    private Worker(Builder b) {
        this.config = new Settings(b.broker, b.clock, b.concurrency, b.prefetch, b.lease, b.grace, b.heartbeat,
                b.fireSchedules);
        this.order = QueueOrder.parse(b.queues, ThreadLocalRandom.current());
        this.id = Threads.hostName() + "-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
        Assembly parts = Assembly.of(b, order.names(), held::size, this::leave);
        this.wiring = parts.wiring;
        this.metrics = parts.metrics;
        this.processor = parts.processor;
        this.slots = new Semaphore(b.concurrency + b.prefetch);
        this.timer = new ScheduledThreadPoolExecutor(2, Threads.daemon("spool-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.pool = new ThreadPoolExecutor(b.concurrency, b.concurrency, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), Threads.daemon("spool-handler"));
        this.fetcher = new Fetcher(b.broker, order, slots, b.lease, IDLE_WAIT, this::dispatch, this::handBack,
                metrics::fetchFailed, failures);
        this.settler = new Settler(processor);
        this.processor.settleThrough(settler);
    }

    /** The settings read after {@link Builder#build()}, copied so that later builder calls change nothing. */
    private record Settings(Broker broker, Clock clock, int concurrency, int prefetch, Duration lease, Duration grace,
                            Duration heartbeat, boolean fireSchedules) {
    }

    /** A builder for a worker on {@code broker}. */
    public static Builder builder(Broker broker) {
        return new Builder(broker);
    }

    /** Starts the fetch loop, the handler pool, lease renewal, the heartbeat and the schedules; returns at once. */
    public void start() {
        if (!phase.compareAndSet(0, 1)) {
            throw new IllegalStateException("worker " + id + " was already started");
        }
        startedAt = config.clock.instant();
        heartbeat = new Heartbeat(config.broker, id, Threads.hostName(), order.names(), config.concurrency, held::size,
                startedAt, config.heartbeat.multipliedBy(3), config.clock, metrics, failures);
        timer.execute(heartbeat);
        timer.scheduleWithFixedDelay(heartbeat, config.heartbeat.toMillis(), config.heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
        Upkeep.schedule(timer, config.broker, held.values(), config.lease, processor, this::leave);
        if (config.fireSchedules) {
            timer.scheduleWithFixedDelay(new ScheduleTicker(config.broker, failures), 0, ScheduleTicker.INTERVAL_MS,
                    TimeUnit.MILLISECONDS);
        }
        settlerThread = Threads.daemon("spool-settler").newThread(settler);
        settlerThread.start();
        fetchThread = Threads.daemon("spool-fetch").newThread(fetcher);
        fetchThread.start();
        LOG.info("worker {} started: queues {}, concurrency {}, prefetch {}, lease {}, grace {}, handlers {}", id,
                order, config.concurrency, config.prefetch, config.lease, config.grace, wiring.handlers.keySet());
    }

    private void dispatch(Delivery d) {
        Execution e = new Execution(d);
        held.put(d.leaseToken(), e);
        pool.execute(() -> processor.run(e));
    }

    private void handBack(Delivery d) {
        Execution e = new Execution(d);
        e.state.set(Execution.DROPPED);
        processor.release(e);
    }

    private void leave(Execution e) {
        if (e.claimLeave()) {
            held.remove(e.delivery().leaseToken());
            slots.release();
            if (idleWaiters > 0) {
                synchronized (idle) {
                    idle.notifyAll();
                }
            }
        }
    }

    /**
     * Stops gracefully: no more fetching; fetched tasks not started are handed back at once; running
     * handlers get the grace period to finish, then are cancelled, interrupted and handed back.
     * Idempotent. Does not close the broker.
     */
    @Override
    public void close() {
        int was = phase.getAndSet(2);
        if (was == 2) {
            return;
        }
        try {
            if (was == 1) {
                stop();
            }
        } finally {
            timer.shutdownNow();
            pool.shutdownNow();
            wiring.close();
            LOG.info("worker {} stopped: {}", id, snapshot());
        }
    }

    /**
     * The stop sequence, bounded in time whatever the backend does: every call to it (handing back,
     * acknowledging, deregistering) ends by the grace period plus {@link #STOP_MARGIN}, or is left
     * behind; a task not handed back then returns when its lease runs out, its attempt not lost.
     */
    private void stop() {
        LOG.info("worker {} stopping: {} task(s) held, grace {}", id, held.size(), config.grace);
        long graceEnd = System.nanoTime() + config.grace.toNanos();
        long deadline = graceEnd + STOP_MARGIN.toNanos();
        fetcher.stop();
        Threads.joinUntil(fetchThread, Math.min(deadline, System.nanoTime() + IDLE_WAIT.plusSeconds(10).toNanos()));
        List<Execution> unstarted = new ArrayList<>();
        for (Execution e : held.values()) {
            if (e.state.compareAndSet(Execution.QUEUED, Execution.DROPPED)) {
                unstarted.add(e);
                leave(e);
            } else {
                e.stopping(); // context.isCancelled() turns true; the handler may finish or stop early
            }
        }
        boolean handedBack = Threads.runUntil("spool-stop-release", () -> unstarted.forEach(processor::release), deadline);
        awaitIdle(Duration.ofNanos(Math.max(0, graceEnd - System.nanoTime()))); // the grace counts from the stop
        List<Execution> unfinished = new ArrayList<>();
        for (Execution e : held.values()) {
            if (e.claimSettlement()) {
                e.cancel();
                LOG.warn("task {} (queue '{}') did not finish within the grace period; handing it back",
                        e.delivery().id(), e.delivery().queue());
                unfinished.add(e);
            }
        }
        handedBack &= Threads.runUntil("spool-stop-release", () -> unfinished.forEach(processor::releaseClaimed), deadline);
        settler.stop(); // acknowledges what is handed over, then ends
        Threads.joinUntil(settlerThread, deadline);
        boolean settled = !settlerThread.isAlive();
        if (heartbeat != null) {
            Threads.runUntil("spool-stop-deregister", heartbeat::deregister, deadline);
        }
        if (!handedBack || !settled) {
            LOG.warn("worker {}: the backend did not answer within the grace period plus {} s; what was not handed back "
                    + "or acknowledged returns to its queue when its lease runs out", id, STOP_MARGIN.toSeconds());
        }
    }

    /**
     * Waits until this worker holds no delivery (none running, none fetched ahead), at most {@code max}.
     * Note that an idle worker may still have tasks to fetch: use the inspector's stats to wait for a
     * queue to drain.
     *
     * @return true when it became idle in time
     */
    public boolean awaitIdle(Duration max) {
        long end = System.nanoTime() + max.toNanos();
        synchronized (idle) {
            idleWaiters++;
            try {
                while (!held.isEmpty()) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(idle, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return true;
            } finally {
                idleWaiters--;
            }
        }
    }

    /** This worker's id, as registered in the worker registry. */
    public String id() {
        return id;
    }

    /** The task types this worker has handlers for. */
    public Set<String> handledTypes() {
        return wiring.handlers.keySet();
    }

    /** The Guice injector the handlers were created with. */
    public com.google.inject.Injector injector() {
        return wiring.injector;
    }

    /**
     * Whether this worker can do its work: down when it is not running, when its fetch loop has
     * ended, or when a call to the backend (a queue's fetch, the heartbeat) has failed without a
     * success for {@code failingFor} or longer (Redis unreachable, credentials refused...).
     */
    public Health health(Duration failingFor) {
        if (phase.get() != 1) {
            return Health.down("worker " + id + " is not running");
        }
        Thread f = fetchThread;
        if (f == null || !f.isAlive()) {
            return Health.down("the fetch loop of worker " + id + " has ended");
        }
        return failures.longerThan(failingFor).map(Health::down).orElse(Health.UP);
    }

    /** The figures of this worker now. */
    public WorkerSnapshot snapshot() {
        return new WorkerSnapshot(id, order.names(), wiring.handlers.keySet(), startedAt, phase.get() == 1,
                held.size(), processor.started.get(), processor.succeeded.get(), processor.retried.get(),
                processor.deadLettered.get(), processor.released.get(), processor.cancelled.get());
    }

    /**
     * The settings of a {@link Worker}. Every setter returns this builder; {@link #build()} checks
     * the values, discovers the handlers, builds the Guice injector and fails with a message that
     * names the problem (two handlers for one type, no handler at all, a bad queue name).
     */
    public static final class Builder {
        // package-private: Assembly and InlineWorker read the settings
        final Broker broker;
        final List<String> queues = new ArrayList<>();
        int concurrency = 10;
        int prefetch = -1; // -1: as many as concurrency
        final List<TaskHandler<?>> handlers = new ArrayList<>();
        boolean discover = true;
        Path handlersDir;
        final List<Module> modules = new ArrayList<>();
        Duration lease = TaskDefaults.LEASE;
        Duration grace = Duration.ofSeconds(25);
        Duration defaultTimeout = TaskDefaults.TIMEOUT;
        Duration heartbeat = Duration.ofSeconds(5);
        boolean fireSchedules = true;
        RetryPolicy retryPolicy = RetryPolicy.defaults();
        final List<TaskInterceptor> interceptors = new ArrayList<>();
        final List<WorkerListener> listeners = new ArrayList<>();
        Clock clock = Clock.systemUTC();
        MeterRegistry meters;

        private Builder(Broker broker) {
            this.broker = Objects.requireNonNull(broker, "broker");
        }

        /**
         * The queues to serve (replacing any given before). Plain names ({@code "critical", "default"})
         * are served in strict order; entries with weights ({@code "critical=6", "default=3", "low=1"})
         * in a weighted random order. Default: {@code default}.
         */
        public Builder queues(String... names) {
            queues.clear();
            for (String n : names) {
                queues.addAll(Arrays.asList(n.split(",")));
            }
            return this;
        }

        /** How many handlers run at once (threads); default 10. */
        public Builder concurrency(int n) {
            if (n < 1 || n > 10_000) {
                throw new SpoolException("worker concurrency is " + n + "; use 1 to 10000");
            }
            concurrency = n;
            return this;
        }

        /**
         * How many tasks may be fetched ahead of a free thread (their leases are renewed while they
         * wait); default: as many as {@link #concurrency}, so that each fetch brings a real batch. Use 0
         * to hold nothing beyond the running tasks.
         */
        public Builder prefetch(int n) {
            if (n < 0 || n > 10_000) {
                throw new SpoolException("worker prefetch is " + n + "; use 0 to 10000");
            }
            prefetch = n;
            return this;
        }

        /** Adds a handler made of a lambda: tasks of {@code type}, payload decoded as {@code payloadType}. */
        public <P> Builder handle(String type, Class<P> payloadType, TaskHandler.Body<P> body) {
            return handler(TaskHandler.of(type, payloadType, body));
        }

        /** Adds a handler instance (its {@code @Inject} fields and methods are filled by the injector). */
        public Builder handler(TaskHandler<?> handler) {
            handlers.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Whether to find handlers, Guice modules and interceptors with {@code ServiceLoader} on the
         * classpath; default true.
         */
        public Builder discoverHandlers(boolean onClasspath) {
            discover = onClasspath;
            return this;
        }

        /** Also loads handlers, modules and interceptors from every JAR in {@code dir} (ignored if absent). */
        public Builder handlersDirectory(Path dir) {
            handlersDir = dir;
            return this;
        }

        /** Adds Guice modules to the worker's injector. */
        public Builder modules(Module... m) {
            modules.addAll(Arrays.asList(m));
            return this;
        }

        /** The lease of each fetched task, renewed every third of it while the task is held; default 30 s. */
        public Builder lease(Duration d) {
            lease = positive("lease", d);
            return this;
        }

        /** How long {@link #close()} lets running handlers finish; default 25 s. */
        public Builder grace(Duration d) {
            if (d == null || d.isNegative()) {
                throw new SpoolException("worker grace is " + d + "; use zero or a positive duration");
            }
            grace = d;
            return this;
        }

        /** The timeout of an attempt whose task sets none; default 30 min. */
        public Builder defaultTimeout(Duration d) {
            defaultTimeout = positive("default timeout", d);
            return this;
        }

        /** How often the worker records its heartbeat (its registry entry lives 3 beats); default 5 s. */
        public Builder heartbeat(Duration d) {
            heartbeat = positive("heartbeat", d);
            return this;
        }

        /**
         * Whether this worker fires the backend's due schedules ({@link Broker#schedules()}) each second;
         * default true. Each tick fires once however many workers do, so turn it off only to keep a
         * worker from enqueueing at all.
         */
        public Builder fireSchedules(boolean fire) {
            fireSchedules = fire;
            return this;
        }

        /**
         * The worker's retry policy; a handler's own {@link TaskHandler#retryPolicy()} wins over it.
         * Its {@code maxAttempts} applies to tasks that keep the default {@code maxAttempts}; it can
         * lower that default, not raise it (the backend dead-letters at the task's own maximum).
         */
        public Builder retryPolicy(RetryPolicy p) {
            retryPolicy = Objects.requireNonNull(p, "retryPolicy");
            return this;
        }

        /** Adds an interceptor after the built-in ones, in call order (see {@link TaskInterceptor}). */
        public Builder interceptor(TaskInterceptor i) {
            interceptors.add(Objects.requireNonNull(i, "interceptor"));
            return this;
        }

        /** Adds a listener. */
        public Builder listener(WorkerListener l) {
            listeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /** The clock for deadlines and heartbeat times; default the system UTC clock. */
        public Builder clock(Clock c) {
            clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** The registry for the worker's meters; default a private {@code SimpleMeterRegistry}. */
        public Builder meterRegistry(MeterRegistry registry) {
            meters = Objects.requireNonNull(registry, "meterRegistry");
            return this;
        }

        /** Checks the settings, discovers the handlers and builds the worker (not started). */
        public Worker build() {
            return new Worker(withDefaults());
        }

        /**
         * Checks the settings, discovers the handlers and builds an {@link InlineWorker}: the same
         * processing, run on the caller's thread one delivery at a time when asked (for tests). The
         * settings of threads, prefetch, heartbeat and schedules do not apply to it.
         */
        public InlineWorker buildInline() {
            return new InlineWorker(withDefaults());
        }

        private Builder withDefaults() {
            if (queues.isEmpty()) {
                queues.add("default");
            }
            if (meters == null) {
                meters = new SimpleMeterRegistry();
            }
            if (prefetch < 0) {
                prefetch = concurrency;
            }
            return this;
        }

        private static Duration positive(String what, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new SpoolException("worker " + what + " is " + d + "; use a positive duration");
            }
            return d;
        }
    }
}

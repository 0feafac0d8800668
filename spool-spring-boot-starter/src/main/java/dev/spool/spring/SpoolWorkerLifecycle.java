package dev.spool.spring;

import dev.spool.api.Broker;
import dev.spool.api.RetryPolicy;
import dev.spool.api.SpoolException;
import dev.spool.api.TaskHandler;
import dev.spool.worker.Worker;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The application's worker, started and stopped with the application context (present when
 * {@code spool.worker.enabled=true}):
 * <ol>
 *   <li>{@link #start()}, once every bean exists, builds a {@link Worker} from the {@code spool.worker.*}
 *       properties, the application's handler beans and {@link SpoolHandler} methods, its
 *       {@link MeterRegistry} and the {@link SpoolWorkerCustomizer}s, and starts it;</li>
 *   <li>{@link #stop()}, first of the application's lifecycle beans, closes it gracefully: no more fetching,
 *       fetched tasks not started handed back, running ones given {@code spool.worker.grace} to finish, then
 *       interrupted and handed back too. The broker stays open until the context closes.</li>
 * </ol>
 * A start after a stop builds a new worker. Inject this bean to read the worker's figures.
 */
public final class SpoolWorkerLifecycle implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolWorkerLifecycle.class);

    private final Broker broker;
    private final SpoolProperties.Worker settings;
    private final Supplier<List<TaskHandler<?>>> handlers;
    private final Supplier<MeterRegistry> meters;
    private final List<SpoolWorkerCustomizer> customizers;
    private volatile Worker worker;

    SpoolWorkerLifecycle(Broker broker, SpoolProperties.Worker settings, Supplier<List<TaskHandler<?>>> handlers,
                         Supplier<MeterRegistry> meters, List<SpoolWorkerCustomizer> customizers) {
        this.broker = broker;
        this.settings = settings;
        this.handlers = handlers;
        this.meters = meters;
        this.customizers = List.copyOf(customizers);
    }

    /**
     * Builds and starts the worker.
     *
     * @throws SpoolException naming the {@code spool.worker} setting that is wrong, or saying that the
     *                        application has no handler
     */
    @Override
    public synchronized void start() {
        if (worker != null) {
            return;
        }
        List<TaskHandler<?>> found = handlers.get();
        Worker w;
        try {
            w = builder(found).build();
        } catch (SpoolException e) {
            throw new SpoolException("cannot start the Spool worker (spool.worker.enabled=true): " + e.getMessage()
                    + (found.isEmpty() ? "; in a Spring application, declare a TaskHandler bean or a @SpoolHandler method,"
                    + " or set spool.worker.enabled=false where no task is handled" : ""), e);
        }
        LOG.info("Spool worker on {} runs {}", settings.getQueues(), found);
        w.start();
        worker = w;
    }

    private Worker.Builder builder(List<TaskHandler<?>> found) {
        SpoolProperties.Retry retry = settings.getRetry();
        Worker.Builder b = Worker.builder(broker)
                .queues(settings.getQueues().toArray(String[]::new))
                .concurrency(settings.getConcurrency())
                .lease(settings.getLease())
                .grace(settings.getGrace())
                .defaultTimeout(settings.getTaskTimeout())
                .heartbeat(settings.getHeartbeat())
                .fireSchedules(settings.isFireSchedules())
                .retryPolicy(RetryPolicy.defaults().withInitialDelay(retry.getDelay()).withMaxDelay(retry.getMaxDelay())
                        .withMaxAttempts(retry.getMaxAttempts()))
                .discoverHandlers(false);
        if (settings.getPrefetch() != null) {
            b.prefetch(settings.getPrefetch());
        }
        MeterRegistry registry = meters.get();
        if (registry != null) {
            b.meterRegistry(registry);
        }
        found.forEach(b::handler);
        customizers.forEach(c -> c.customize(b));
        return b;
    }

    /** Stops the worker gracefully, within {@code spool.worker.grace} plus a few seconds for the backend. */
    @Override
    public synchronized void stop() {
        Worker w = worker;
        worker = null;
        if (w != null) {
            w.close();
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    /**
     * {@link SmartLifecycle#DEFAULT_PHASE}: started after the web server and any lifecycle bean of a lower
     * phase, stopped before them, so that handlers can use them to the end.
     */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE;
    }

    /** The running worker, empty before the start and after the stop. */
    public Optional<Worker> worker() {
        return Optional.ofNullable(worker);
    }
}

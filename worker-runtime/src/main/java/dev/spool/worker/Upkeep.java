package dev.spool.worker;

import dev.spool.api.Broker;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The periodic care of the deliveries a worker holds, scheduled on the worker's timer: the same for a
 * {@link Worker} and an {@link InlineWorker}. Its duties:
 * <ol>
 *   <li>renew the leases every third of the lease ({@link LeaseKeeper});</li>
 *   <li>time out the attempts past their deadline, every {@value #TIMEOUT_SWEEP_MS} ms
 *       ({@link Processor#sweepTimeouts});</li>
 *   <li>stop the attempts cancelled while held, about once a second ({@link CancelWatch});</li>
 *   <li>write the progress reports left waiting by the throttle ({@link ProgressReports}).</li>
 * </ol>
 */
final class Upkeep {
    static final long TIMEOUT_SWEEP_MS = 25;
    /** How often the worker asks which of the tasks it holds were cancelled while running. */
    static final long CANCEL_CHECK_MS = 1_000;

    private Upkeep() {
    }

    /** Schedules every duty on {@code timer} for the deliveries in {@code held}. */
    static void schedule(ScheduledExecutorService timer, Broker broker, Collection<Execution> held, Duration lease,
                         Processor processor, Consumer<Execution> leave) {
        long renewMs = Math.max(50, lease.toMillis() / 3);
        timer.scheduleWithFixedDelay(new LeaseKeeper(broker, held, lease, leave), renewMs, renewMs, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> processor.sweepTimeouts(held), TIMEOUT_SWEEP_MS, TIMEOUT_SWEEP_MS,
                TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(new CancelWatch(broker, held, processor, leave), CANCEL_CHECK_MS, CANCEL_CHECK_MS,
                TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> processor.progress.flushDue(held), ProgressReports.MIN_INTERVAL_MS,
                ProgressReports.MIN_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }
}

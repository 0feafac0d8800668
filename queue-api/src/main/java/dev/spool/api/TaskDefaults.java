package dev.spool.api;

import java.time.Duration;

/**
 * What a task gets when neither it nor its queue or worker says otherwise, in one place: every
 * backend (the Redis scripts included, which are given {@link #MAX_ATTEMPTS} when they load), the
 * worker runtime and the command line read these.
 */
public final class TaskDefaults {
    /** Deliveries before a task is dead-lettered, when the task does not set {@link Task#maxAttempts()}. */
    public static final int MAX_ATTEMPTS = 10;
    /** How long a fetch leases a task when the caller gives no lease. */
    public static final Duration LEASE = Duration.ofSeconds(30);
    /** How long one attempt may run when the task sets no {@link Task#timeout()}. */
    public static final Duration TIMEOUT = Duration.ofMinutes(30);
    /** How long a unique key is held at most when the task sets no {@link Task#uniqueFor()}. */
    public static final Duration UNIQUE_FOR = Duration.ofHours(24);

    private TaskDefaults() {
    }
}

package dev.spool.api;

/**
 * The limits on one task type within a queue ({@link QueueSettings#typeLimits()}): they hold beside
 * the queue's own, across every worker. A fetch skips a task whose type is at its limit and leases
 * the tasks behind it; the skipped task stays ready, in its place, its attempt not counted.
 *
 * @param rate        at most so many tasks of the type started per period, or null for no limit
 * @param concurrency at most so many tasks of the type in flight at once, or 0 for no limit; a slot is
 *                    freed when the task's attempt ends (acknowledged, retried, failed, released,
 *                    cancelled) or its lease runs out
 */
public record TypeLimit(RateLimit rate, int concurrency) {

    /** Checks the concurrency's bounds and that some limit is set. */
    public TypeLimit {
        if (concurrency < 0 || concurrency > QueueSettings.MAX_CONCURRENCY) {
            throw new InvalidTaskException("concurrency", "type concurrency limit is " + concurrency + "; use 1 to "
                    + QueueSettings.MAX_CONCURRENCY + " tasks in flight at once, or 0 for no limit");
        }
        if (rate == null && concurrency == 0) {
            throw new InvalidTaskException("typeLimit", "a type limit needs a rate, a concurrency or both; to lift "
                    + "the limits of a type, remove it (QueueSettings.withTypeLimit(type, null))");
        }
    }

    @Override
    public String toString() {
        return (rate == null ? "" : "rate " + rate) + (rate != null && concurrency > 0 ? ", " : "")
                + (concurrency > 0 ? "concurrency " + concurrency : "");
    }
}

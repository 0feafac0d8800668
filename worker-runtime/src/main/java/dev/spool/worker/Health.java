package dev.spool.worker;

/**
 * Whether a worker can do its work, and if not why: what {@code /health} answers (200 or 503).
 *
 * @param up     true while the worker runs, its fetch loop lives and no call to the backend has
 *               been failing for longer than the threshold asked for
 * @param reason why it is down (Redis unreachable, credentials refused, a dead fetch loop...); null when up
 */
public record Health(boolean up, String reason) {
    /** A worker that can work. */
    public static final Health UP = new Health(true, null);

    /** A worker that cannot, for {@code reason}. */
    public static Health down(String reason) {
        return new Health(false, reason);
    }
}

package dev.spool.redis.core;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Notices a Redis that lost its data set: restarted without persistence (no AOF, no RDB), flushed,
 * or replaced by an empty server. Every heartbeat looks at a marker key ({@link KeyNames#dataSet()})
 * and writes a fresh random one when there is none; a marker that is gone, or replaced by another
 * process's, means the keys this process saw before are gone. That is said once, in one error that
 * names the server's run id before and after (changed: it restarted without its data; the same: the
 * data was flushed or deleted), instead of only a lost lease per task later. A run id that changed
 * while the marker stayed is a restart that kept its data, logged as information.
 *
 * <p>On a Redis Cluster the marker lives on the node that serves the {@code {workers}} slot, so the
 * loss of that node's data is what it sees.
 */
final class DataSetWatch {
    private static final System.Logger LOG = System.getLogger(DataSetWatch.class.getName());

    private final String backend;
    private final String key;
    private String marker; // the marker last seen; null before the first beat
    private String runId = "";
    private String offered;
    private long losses;
    private String lastLoss;

    DataSetWatch(String backend, String key) {
        this.backend = backend;
        this.key = key;
    }

    /** A fresh marker for the next heartbeat to write when none is there (never one written before). */
    synchronized String offer() {
        offered = "set-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-" + Long.toHexString(System.nanoTime());
        return offered;
    }

    /**
     * What the heartbeat found: the marker there before it ({@code ""}: none, so the offered one is
     * there now) and the server's run id ({@code ""}: unknown).
     *
     * @return the error logged, when the data set was lost
     */
    synchronized Optional<String> saw(String found, String run) {
        String now = found.isEmpty() ? offered : found;
        String before = marker;
        String runBefore = runId;
        marker = now;
        if (!run.isEmpty()) {
            runId = run;
        }
        if (before == null || before.equals(now)) {
            if (!runBefore.isEmpty() && !run.isEmpty() && !runBefore.equals(run)) {
                LOG.log(System.Logger.Level.INFO, () -> backend + ": Redis restarted (run id " + runBefore + " is now "
                        + run + ") and kept its data");
            }
            return Optional.empty();
        }
        String why = runBefore.isEmpty() || run.isEmpty() ? "(its run id could not be read: INFO is not allowed)"
                : runBefore.equals(run) ? "while it kept running (run id " + run + "): FLUSHALL, FLUSHDB or deleted keys"
                : "in a restart without its data (run id " + runBefore + " is now " + run + "): no persistence, or "
                + "a replica with no data promoted";
        String message = backend + ": Redis lost its data set " + why + ". The marker " + key + " that Spool keeps there "
                + (found.isEmpty() ? "was gone" : "was replaced") + ", so every task that was queued, delayed or running "
                + "there before is gone, with its dead letters and counts; workers will report the leases they held "
                + "as lost. Make Redis keep its data: appendonly yes (and appendfsync everysec or always)";
        losses++;
        lastLoss = message;
        LOG.log(System.Logger.Level.ERROR, message);
        return Optional.of(message);
    }

    /** How often a loss was seen. */
    synchronized long losses() {
        return losses;
    }

    /** The last loss's message. */
    synchronized Optional<String> lastLoss() {
        return Optional.ofNullable(lastLoss);
    }
}

package dev.spool.redis.core;

import dev.spool.api.SpoolException;

import java.util.regex.Pattern;

/**
 * The Redis key names both adapters share, in one namespace. Without a namespace they are
 * {@code spool:{<queue>}:…}, {@code spool:queues} and {@code spool:{workers}:…}; with the backend
 * option {@code namespace=billing} they are {@code spool:billing:{<queue>}:…},
 * {@code spool:billing:queues} and {@code spool:billing:{workers}:…}, so that several applications
 * or environments share one Redis, or one Cluster (which has only database 0), without seeing each
 * other's queues, stats or workers; an ACL user can be held to {@code ~spool:billing:*}. Every
 * key of one queue keeps the queue's hash tag, so a queue's scripts touch one Cluster slot.
 *
 * @param namespace the namespace, or null for none
 */
public record KeyNames(String namespace) {
    /** The backend option that names the namespace. */
    public static final String OPTION = "namespace";
    /** Letters, digits, {@code _ . -}; 1 to 64 characters (no {@code :} or braces, which would blur the layout). */
    public static final String PATTERN = "[A-Za-z0-9_.-]{1,64}";
    private static final Pattern VALID = Pattern.compile(PATTERN);
    /** The keys without a namespace. */
    public static final KeyNames NONE = new KeyNames(null);

    /** Checks the namespace. */
    public KeyNames {
        if (namespace != null && !VALID.matcher(namespace).matches()) {
            throw new SpoolException("backend option '" + OPTION + "' is '" + namespace + "'; use 1 to 64 letters, digits,"
                    + " '_', '.' or '-' (for example namespace=billing)");
        }
    }

    /** {@code spool:} or {@code spool:<namespace>:}: what every key of this namespace starts with. */
    public String base() {
        return namespace == null ? "spool:" : "spool:" + namespace + ":";
    }

    /** {@code <base>{<queue>}:}, the prefix of every key of {@code queue}. */
    public String queuePrefix(String queue) {
        return base() + "{" + queue + "}:";
    }

    /** The set of every queue name ever enqueued to. */
    public String queues() {
        return base() + "queues";
    }

    /** Every schedule's definition and state (a hash, under its own hash tag). */
    public String schedules() {
        return base() + "{schedules}";
    }

    /** The worker registry's JSON per worker (a hash, under its own hash tag). */
    public String workersInfo() {
        return base() + "{workers}:info";
    }

    /** The worker registry's expiry per worker (a sorted set, beside {@link #workersInfo()}). */
    public String workersBeat() {
        return base() + "{workers}:beat";
    }

    /** The marker of the data set that heartbeats check ({@link DataSetWatch}), beside {@link #workersInfo()}. */
    public String dataSet() {
        return base() + "{workers}:dataset";
    }
}

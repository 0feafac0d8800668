package dev.spool.redis.core;

import dev.spool.api.BackendConfig;
import dev.spool.api.BackendException;
import dev.spool.api.SpoolException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a Redis adapter does, on connecting, about the servers' {@code maxmemory-policy}. Any policy
 * but {@code noeviction} lets a full Redis delete keys (task bodies, leases, whole queues) without
 * an error to anyone, which breaks at-least-once delivery. The backend option {@value #OPTION} says
 * whether such a server gets one clear warning ({@code warn}, the default), is refused ({@code refuse}),
 * or is not checked ({@code off}).
 */
public enum EvictionCheck {
    /** Log one warning naming the policy, the servers and the fix. */
    WARN,
    /** Refuse to connect, with that message, also when the policy cannot be read. */
    REFUSE,
    /** Do not look. */
    OFF;

    /** The backend option that picks the check. */
    public static final String OPTION = "eviction.check";

    private static final System.Logger LOG = System.getLogger(EvictionCheck.class.getName());

    /**
     * The check {@code config} asks for.
     *
     * @throws SpoolException naming the option, the value and the choices when the value is not one of them
     */
    public static EvictionCheck of(BackendConfig config, String backend) {
        String v = config.option(OPTION, "warn").trim();
        for (EvictionCheck c : values()) {
            if (c.name().equalsIgnoreCase(v)) {
                return c;
            }
        }
        throw new SpoolException(backend + ": backend option '" + OPTION + "' is '" + v
                + "'; use warn (the default: log a warning when Redis may evict keys), refuse (do not connect to such a Redis) or off");
    }

    /**
     * Applies the check to each server's policy.
     *
     * @param backend       the adapter's name, for the message
     * @param policyByNode  each server's address and its {@code maxmemory-policy}, or an empty value when it
     *                      could not be read (an ACL without {@code +info}, say)
     * @return the message logged or thrown, if any
     * @throws BackendException under {@link #REFUSE} when a server may evict or its policy is unknown
     */
    public Optional<String> apply(String backend, Map<String, Optional<String>> policyByNode) {
        if (this == OFF) {
            return Optional.empty();
        }
        Map<String, String> evicting = new LinkedHashMap<>();
        Map<String, String> unknown = new LinkedHashMap<>();
        policyByNode.forEach((node, policy) -> {
            if (policy.isEmpty()) {
                unknown.put(node, "unknown");
            } else if (!policy.get().equalsIgnoreCase("noeviction")) {
                evicting.put(node, policy.get().toLowerCase(Locale.ROOT));
            }
        });
        String message = null;
        if (!evicting.isEmpty()) {
            message = backend + ": Redis at " + String.join(", ", evicting.keySet()) + " has maxmemory-policy "
                    + String.join("/", new java.util.TreeSet<>(evicting.values()))
                    + ": once it is full it deletes keys, Spool's tasks among them, and nobody is told. Run "
                    + "CONFIG SET maxmemory-policy noeviction (and set it in redis.conf): a full Redis then refuses "
                    + "new tasks with an error and keeps every task it holds. Backend option '" + OPTION
                    + "=refuse' refuses such a server, '" + OPTION + "=off' silences this";
        } else if (!unknown.isEmpty() && this == REFUSE) {
            message = backend + ": cannot read maxmemory-policy of Redis at " + String.join(", ", unknown.keySet())
                    + " (INFO memory failed or had no such field; a restricted user needs +info), so '" + OPTION
                    + "=refuse' cannot tell whether it may delete tasks: allow INFO or use '" + OPTION + "=warn'";
        }
        if (message == null) {
            if (!unknown.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, () -> backend + ": cannot read maxmemory-policy of Redis at "
                        + String.join(", ", unknown.keySet()) + " (a restricted user needs +info); make sure it is noeviction");
            }
            return Optional.empty();
        }
        if (this == REFUSE) {
            throw new BackendException(message);
        }
        LOG.log(System.Logger.Level.WARNING, message);
        return Optional.of(message);
    }

    /** The {@code maxmemory_policy} field of an {@code INFO memory} reply (null gives empty). */
    public static Optional<String> policyIn(String info) {
        if (info == null) {
            return Optional.empty();
        }
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("maxmemory_policy:")) {
                return Optional.of(line.substring("maxmemory_policy:".length()).trim().toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }
}

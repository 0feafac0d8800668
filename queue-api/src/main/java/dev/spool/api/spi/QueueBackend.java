package dev.spool.api.spi;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;

/**
 * What a backend author implements: a provider found with {@link java.util.ServiceLoader}
 * through {@code META-INF/services/dev.spool.api.spi.QueueBackend}, with a public no-argument
 * constructor. The runtime never names an adapter class; it asks for a backend by {@link #name()}.
 *
 * <p>A backend must pass {@code queue-testkit}'s {@code TaskQueueContractTest} unchanged.
 */
public interface QueueBackend {

    /** The short name users select the backend by, e.g. {@code redis-list}. */
    String name();

    /**
     * Opens a broker. Should fail fast, with a {@link dev.spool.api.BackendException} that names
     * the address and never the password, when the backend cannot be reached.
     */
    Broker open(BackendConfig config);
}

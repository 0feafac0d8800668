package dev.spool.inmemory;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.SpoolException;
import dev.spool.api.spi.QueueBackend;

/**
 * The {@code inmemory} backend. URL: {@code inmemory://name} shares the store called
 * {@code name} with every broker of this JVM opened on it; {@code inmemory://} (or
 * {@code inmemory:}) opens a private one.
 */
public final class InMemoryBackend implements QueueBackend {
    /** The backend's short name. */
    public static final String NAME = "inmemory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Broker open(BackendConfig config) {
        String url = config.url();
        String name;
        if (url.startsWith("inmemory://")) {
            name = url.substring("inmemory://".length());
        } else if (url.equals("inmemory:") || url.isEmpty()) {
            name = "";
        } else {
            throw new SpoolException("the inmemory backend takes a URL of the form inmemory://name (or inmemory:// for a private store); got '"
                    + BackendConfig.redact(url) + "'");
        }
        return new InMemoryBroker(Store.named(name), config);
    }
}

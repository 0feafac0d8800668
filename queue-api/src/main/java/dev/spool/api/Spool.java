package dev.spool.api;

import dev.spool.api.spi.QueueBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The one-line way in: opens a {@link Broker} on a backend found by its short name among the
 * {@link QueueBackend}s on the classpath.
 *
 * <pre>{@code
 * try (Broker broker = Spool.connect("redis-list", "redis://localhost:6379")) {
 *     broker.queue("mail").enqueue(Task.of("send_mail", "{\"to\":\"ada@example.com\"}"));
 * }
 * }</pre>
 */
public final class Spool {

    private Spool() {
    }

    /** Opens {@code backend} at {@code url} with default settings. */
    public static Broker connect(String backend, String url) {
        return connect(backend, BackendConfig.of(url));
    }

    /**
     * Opens {@code backend} with {@code config}.
     *
     * @throws SpoolException when no backend of that name is on the classpath, naming the ones that are
     * @throws BackendException when the backend cannot be reached
     */
    public static Broker connect(String backend, BackendConfig config) {
        return backend(backend).open(config);
    }

    /** The backend provider named {@code name}. */
    public static QueueBackend backend(String name) {
        for (QueueBackend b : ServiceLoader.load(QueueBackend.class)) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        throw new SpoolException("unknown backend '" + name + "'; the classpath has " + backendNames()
                + " (add the adapter's JAR, e.g. queue-redis-list, to use another)");
    }

    /** The short names of the backends on the classpath, sorted. */
    public static List<String> backendNames() {
        List<String> names = new ArrayList<>();
        for (QueueBackend b : ServiceLoader.load(QueueBackend.class)) {
            names.add(b.name());
        }
        names.sort(null);
        return names;
    }
}

package dev.spool.worker.cli;

import dev.spool.api.BackendConfig;
import dev.spool.api.BackendException;
import dev.spool.api.Broker;
import dev.spool.api.Durations;
import dev.spool.api.Spool;
import dev.spool.api.SpoolException;
import dev.spool.api.spi.QueueBackend;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The options every command shares: which backend, where, and how to reach it. */
final class Connection {

    @Option(names = "--backend", paramLabel = "<name>",
            description = "Backend: redis-list, redis-stream or inmemory. Env SPOOL_BACKEND. Default: redis-list.")
    String backend;

    @Option(names = "--redis", paramLabel = "<url>",
            description = "redis://[user:password@]host:port[/db], rediss:// for TLS, or a comma-separated seed list "
                    + "for a cluster. Env SPOOL_REDIS_URL. Default: redis://127.0.0.1:6379.")
    String redis;

    @Option(names = {"-o", "--backend-option"}, paramLabel = "<key=value>", split = ",",
            description = "Backend-specific options (see the adapter's README), repeatable or comma-separated. "
                    + "Env SPOOL_BACKEND_OPTION (k1=v1,k2=v2).")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--connect-timeout", paramLabel = "<duration>",
            description = "Give up connecting after this long. Env SPOOL_CONNECT_TIMEOUT. Default: 5s.")
    String connectTimeout;

    @Option(names = "--config", paramLabel = "<file>",
            description = "Properties file of option values (keys are option names without dashes). "
                    + "Env SPOOL_CONFIG. Default: ./spool.properties when it exists.")
    String config;

    /** The URL to open: the Redis URL, or a shared in-memory store for the inmemory backend. */
    String url() {
        return "inmemory".equals(backend) ? "inmemory://spool-cli" : redis;
    }

    /** The redacted URL, for messages. */
    String where() {
        return BackendConfig.redact(url());
    }

    /**
     * Opens the broker and pings it, giving up after {@code --connect-timeout} with a message that
     * names the backend and the (redacted) address.
     */
    Broker open(Duration lease) {
        QueueBackend provider;
        try {
            provider = Spool.backend(backend);
        } catch (SpoolException e) {
            throw new ConfigDefaults.UsageException(e.getMessage());
        } catch (java.util.ServiceConfigurationError e) {
            throw new SpoolException("a backend JAR on the classpath is broken (" + e.getMessage()
                    + "); rebuild spool.jar or fix the classpath");
        }
        Duration timeout = Admin.duration("--connect-timeout", connectTimeout);
        BackendConfig config = BackendConfig.builder(url()).lease(lease).options(options).build();
        CompletableFuture<Broker> opening = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            Broker b = null;
            try {
                b = provider.open(config);
                b.ping();
                if (!opening.complete(b)) {
                    b.close(); // gave up waiting meanwhile
                }
            } catch (Throwable e) {
                if (b != null) {
                    try {
                        b.close();
                    } catch (RuntimeException ignored) {
                        // already failing
                    }
                }
                opening.completeExceptionally(e);
            }
        }, "spool-connect");
        t.setDaemon(true);
        t.start();
        try {
            return opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            opening.cancel(false);
            throw new BackendException("cannot reach " + backend + " at " + where() + " within "
                    + Durations.format(timeout) + "; check that Redis runs there, and --redis / SPOOL_REDIS_URL");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String msg = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
            if (cause instanceof SpoolException && !(cause instanceof BackendException)) {
                throw new ConfigDefaults.UsageException(BackendConfig.redact(msg)); // a bad URL or option
            }
            throw new BackendException("cannot connect to " + backend + " at " + where() + ": "
                    + BackendConfig.redact(msg), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while connecting to " + where());
        }
    }
}

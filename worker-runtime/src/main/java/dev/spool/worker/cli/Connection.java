package dev.spool.worker.cli;

import dev.spool.api.BackendConfig;
import dev.spool.api.BackendException;
import dev.spool.api.Broker;
import dev.spool.api.Durations;
import dev.spool.api.Spool;
import dev.spool.api.SpoolException;
import dev.spool.api.spi.QueueBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The options every command shares: which backend, where, and how to reach it. */
final class Connection {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

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
            description = "Give up connecting after this long (a worker keeps trying until then while Redis "
                    + "refuses connections, e.g. still starting). Env SPOOL_CONNECT_TIMEOUT. Default: 5s.")
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
     * names the backend and the (redacted) address. One attempt: a command fails at once when Redis
     * refuses the connection.
     */
    Broker open(Duration lease) {
        return open(lease, false);
    }

    /**
     * As {@link #open(Duration)}; with {@code waitForServer} (the worker) a server that is not up yet
     * (the connection refused, reset or closed while connecting) is tried again, with a backoff of
     * 100 ms doubling to 1 s, until {@code --connect-timeout}: a worker started before its Redis,
     * or during a Redis restart, connects when Redis comes up. Other failures (a bad URL, a wrong
     * password, a refused certificate) end it at once.
     */
    Broker open(Duration lease, boolean waitForServer) {
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
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(provider, config, timeout, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (BackendException e) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (!waitForServer || !notUpYet(e) || leftMs < pause) {
                    throw e;
                }
                if (attempt == 1) {
                    LOG.warn("{} at {} is not up yet ({}); trying again until --connect-timeout ({}) runs out",
                            backend, where(), innermost(e), Durations.format(timeout));
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while connecting to " + where());
            }
            pause = Math.min(1_000, pause * 2);
        }
    }

    /**
     * True when {@code e} says the server is not there yet or went away while connecting: worth
     * trying again. A refused TLS handshake is an IOException too, and stays refused.
     */
    static boolean notUpYet(Throwable e) {
        List<Throwable> all = new ArrayList<>();
        collect(e, all);
        if (all.stream().anyMatch(t -> t instanceof javax.net.ssl.SSLException)) {
            return false;
        }
        for (Throwable t : all) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.SocketException
                    || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
            String m = String.valueOf(t.getMessage());
            if (m.contains("Connection refused") || m.contains("Connection reset") || m.startsWith("LOADING")
                    || m.contains("Failed to connect to") || m.contains("Unable to connect to Redis server")
                    || m.contains("Unable to write command into connection") || m.contains("Connection closed")
                    || m.contains("connection was closed")) {
                return true;
            }
        }
        return false;
    }

    /** {@code t}, its causes and what they suppressed (Jedis reports each address it tried that way). */
    private static void collect(Throwable t, List<Throwable> into) {
        if (t == null || into.contains(t) || into.size() > 50) {
            return;
        }
        into.add(t);
        collect(t.getCause(), into);
        for (Throwable s : t.getSuppressed()) {
            collect(s, into);
        }
    }

    /** The message of the deepest cause of {@code e}, password masked: what refused the connection. */
    private static String innermost(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return BackendConfig.redact(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }

    private Broker attempt(QueueBackend provider, BackendConfig config, Duration timeout, long waitMs) {
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
            return opening.get(waitMs, TimeUnit.MILLISECONDS);
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

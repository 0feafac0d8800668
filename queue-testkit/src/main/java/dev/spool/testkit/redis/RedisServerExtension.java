package dev.spool.testkit.redis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import redis.clients.jedis.Jedis;

/**
 * A real single Redis server for a test class. Register it as a static field:
 * <pre>{@code
 * @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.shared();
 * @RegisterExtension static final RedisServerExtension AOF =
 *         RedisServerExtension.dedicated().withConfig("appendonly", "yes").withConfig("appendfsync", "always");
 * }</pre>
 *
 * <p>Which server, first match wins:
 * <ol>
 *   <li>{@code SPOOL_TEST_REDIS_URL} set: that server, as-is (FLUSHALL before each class; it cannot be
 *       restarted or killed, see {@link #assumeControllable()});</li>
 *   <li>for {@link #shared()} only, when the build names no Redis version: a Testcontainers {@code redis:7}
 *       container, if a Docker engine really answers (see {@code SPOOL_TEST_REDIS_DOCKER});</li>
 *   <li>a {@link RedisProcess} of the {@link RedisBinary} (the version the build names, else PATH, else the
 *       embedded Redis 7.0).</li>
 * </ol>
 *
 * <p>{@link #shared()} is one server per JVM (kept in the root extension store, closed when the test run ends),
 * flushed before each test class: classes using it must not run in parallel. {@link #dedicated()} is a server of
 * the class alone, stopped after it, which the tests may {@link #restart()}, {@link #stop()}, {@link #start()} or
 * {@link #kill()}; it is always a local process (same port and directory across restarts), never a container.
 * Nested classes share their outer class's server.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

    /** Environment variable naming an external server to use instead of starting one. */
    public static final String ENV_URL = "SPOOL_TEST_REDIS_URL";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisServerExtension.class);
    private static final String SHARED_KEY = "shared-redis-server";
    private static final System.Logger LOG = System.getLogger(RedisServerExtension.class.getName());

    private final boolean shared;
    private final Map<String, String> config = new LinkedHashMap<>();
    private volatile Endpoint endpoint;
    private volatile String ownerId;

    private RedisServerExtension(boolean shared) {
        this.shared = shared;
    }

    /** One server per JVM, shared by every class that asks, flushed before each class. */
    public static RedisServerExtension shared() {
        return new RedisServerExtension(true);
    }

    /** A server for this class alone, stopped after it; configure it with {@link #withConfig(String, String)}. */
    public static RedisServerExtension dedicated() {
        return new RedisServerExtension(false);
    }

    /**
     * Adds a {@code redis.conf} line to a dedicated server, e.g. {@code withConfig("appendonly", "yes")}.
     * On an external server ({@code SPOOL_TEST_REDIS_URL}) a class with config is skipped, since the config
     * could not be applied.
     */
    public RedisServerExtension withConfig(String name, String value) {
        if (shared) {
            throw new IllegalStateException("the shared Redis server takes no config (other classes use it too); "
                    + "use RedisServerExtension.dedicated().withConfig(\"" + name + "\", ...)");
        }
        if (endpoint != null) {
            throw new IllegalStateException("withConfig(\"" + name + "\") after the server started; configure the static field");
        }
        config.put(name, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ownerId != null && !ownerId.equals(context.getUniqueId())) {
            return; // a @Nested class: it shares its outer class's server and data
        }
        ownerId = context.getUniqueId();
        String external = System.getenv(ENV_URL);
        if (shared) {
            endpoint = context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(SHARED_KEY, k -> new SharedServer(startShared(external)), SharedServer.class).endpoint;
            if (endpoint.process() != null && !endpoint.process().isRunning()) {
                LOG.log(System.Logger.Level.WARNING, "the shared Redis server had died; starting it again: " + endpoint.process().logTail(10));
                endpoint.process().start();
            }
            flushAll();
        } else if (external != null && !external.isBlank()) {
            skipOrFailUnderCi(config.isEmpty(), "this class needs its own Redis with config " + config.keySet()
                    + " but " + ENV_URL + " points at an external server");
            endpoint = Endpoint.external(external, ENV_URL);
            flushAll();
        } else {
            endpoint = Endpoint.of(RedisProcess.launch(config));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(ownerId)) {
            return;
        }
        ownerId = null;
        Endpoint e = endpoint;
        if (!shared) {
            endpoint = null;
            if (e != null) {
                e.close();
            }
        }
    }

    /** The URL a backend should use: {@code redis://127.0.0.1:PORT} (with {@code default:password@} under requirepass). */
    public String url() {
        return current().url();
    }

    /** The server's host ({@code 127.0.0.1} unless external or in a container). */
    public String host() {
        return current().host();
    }

    /** The server's port. */
    public int port() {
        return current().port();
    }

    /** What the server is (binary and version, container, or external URL redacted), for messages. */
    public String source() {
        return current().source();
    }

    /** The server's {@code redis_version}, asked of the server. */
    public String serverVersion() {
        return current().version();
    }

    /** Skips the calling test unless the server is at least {@code minimum} (e.g. {@code "7.0"} for LMPOP). */
    public void assumeVersionAtLeast(String minimum) {
        String v = serverVersion();
        Assumptions.assumeTrue(RedisBinary.compareVersions(v, minimum) >= 0,
                () -> "skipped: needs Redis " + minimum + "+, the test server is " + v);
    }

    /** A new connection to the server; the caller closes it. */
    public Jedis jedis() {
        return current().jedis();
    }

    /** Runs one command on a fresh connection, e.g. {@code command("SET", "k", "v")}; replies are strings, longs, lists or null. */
    public Object command(String... args) {
        try (Jedis j = jedis()) {
            return Commands.call(j, args);
        }
    }

    /** Empties every database of the server. */
    public void flushAll() {
        try (Jedis j = jedis()) {
            j.flushAll();
        }
    }

    /** True for a dedicated server run by this fixture: restart, stop, start and kill work. */
    public boolean isControllable() {
        Endpoint e = endpoint;
        return !shared && e != null && e.process() != null;
    }

    /**
     * Skips the calling test (a JUnit assumption) when the server cannot be restarted or killed, i.e. it is
     * external ({@code SPOOL_TEST_REDIS_URL}); under CI fails it instead.
     *
     * @throws IllegalStateException on the shared server: use {@link #dedicated()} for such tests
     */
    public void assumeControllable() {
        if (shared) {
            throw new IllegalStateException("the shared Redis server cannot be restarted or killed (other classes use it); "
                    + "use RedisServerExtension.dedicated() in this class");
        }
        skipOrFailUnderCi(isControllable(), "needs a Redis it can restart or kill, but " + source() + " is not ours");
    }

    /**
     * Skips the calling test (a JUnit assumption) unless {@code condition} holds; under CI
     * ({@code CI} set to anything but {@code false}) fails it instead, since a CI run must run every test.
     */
    private static void skipOrFailUnderCi(boolean condition, String why) {
        if (condition) {
            return;
        }
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            throw new IllegalStateException("CI must run every test, and this one would be skipped: " + why + "; unset "
                    + ENV_URL + " in CI");
        }
        Assumptions.assumeTrue(false, () -> "skipped: " + why);
    }

    /** The dedicated server's process (pid, log, directory). */
    public RedisProcess process() {
        Endpoint e = current();
        if (shared) {
            throw new IllegalStateException("the shared Redis server's process is not for tests to touch; use RedisServerExtension.dedicated()");
        }
        if (e.process() == null) {
            throw new UnsupportedOperationException("not supported on an external server (" + e.source()
                    + "); call REDIS.assumeControllable() first so the test is skipped there");
        }
        return e.process();
    }

    /** Stops the dedicated server gracefully and starts it again on the same port and directory. */
    public void restart() {
        process().restart();
    }

    /** Stops the dedicated server gracefully (SIGTERM; with AOF on, everything written is kept). */
    public void stop() {
        process().stop();
    }

    /** Starts the dedicated server again after {@link #stop()} or {@link #kill()}, same port and directory. */
    public void start() {
        process().start();
    }

    /** Kills the dedicated server with SIGKILL. */
    public void kill() {
        process().kill();
    }

    /** The password in the URL of this server, if any. */
    public Optional<String> password() {
        Endpoint e = current();
        return e.process() != null ? e.process().password() : Optional.empty();
    }

    @Override
    public String toString() {
        Endpoint e = endpoint;
        return "RedisServerExtension[" + (shared ? "shared" : "dedicated") + ", " + (e == null ? "not started" : e.source()) + "]";
    }

    private Endpoint current() {
        Endpoint e = endpoint;
        if (e == null) {
            throw new IllegalStateException("no Redis server yet: register the extension on a static field "
                    + "(@RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.shared()) "
                    + "and use it from tests or @BeforeEach, not from a constructor or static initializer");
        }
        return e;
    }

    private static Endpoint startShared(String external) {
        Endpoint e;
        if (external != null && !external.isBlank()) {
            e = Endpoint.external(external, ENV_URL);
        } else {
            // a Redis version asked for by the build is run from its JAR, never from a container of another version
            e = (RedisBinary.requestedVersion().isPresent() ? Optional.<Endpoint>empty() : DockerRedis.tryStart())
                    .orElseGet(() -> Endpoint.of(RedisProcess.launch()));
        }
        LOG.log(System.Logger.Level.INFO, "Spool tests share Redis at " + e.source() + " on " + e.host() + ":" + e.port());
        return e;
    }

    /** The shared server, closed by JUnit when the root store closes at the end of the run. */
    private static final class SharedServer implements AutoCloseable {
        final Endpoint endpoint;

        SharedServer(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public void close() {
            endpoint.close();
        }
    }
}

package dev.spool.testkit.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import redis.clients.jedis.Jedis;

/**
 * One redis-server child process on 127.0.0.1, managed by a test.
 *
 * <ol>
 *   <li>{@link #launch(Map)} picks a free port, writes {@code redis.conf} into a directory of its own
 *       (bind 127.0.0.1, protected-mode no, {@code save ""}, then the caller's lines) and waits until the
 *       server answers PING; a clash on the port is retried on another one.</li>
 *   <li>{@link #stop()} (SIGTERM: Redis flushes its AOF and exits), {@link #kill()} (SIGKILL) and
 *       {@link #start()} / {@link #restart()} on the same port and directory, so AOF and cluster state survive.</li>
 *   <li>{@link #close()} stops it for good and deletes its directory. A JVM shutdown hook and an orphan sweep
 *       ({@link ProcessJanitor}) make sure no server outlives its JVM.</li>
 * </ol>
 */
public final class RedisProcess implements AutoCloseable {

    /** The only address servers listen on. */
    public static final String HOST = "127.0.0.1";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> RESERVED = Set.of("port", "bind", "dir", "daemonize", "logfile", "include");

    private final RedisBinary binary;
    private final Map<String, String> config;
    private final Path dir;
    private final boolean clusterBus;
    private int port;
    private Process process;
    private boolean closed;

    private RedisProcess(RedisBinary binary, Map<String, String> config, Path dir) {
        this.binary = binary;
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        this.dir = dir;
        this.clusterBus = "yes".equalsIgnoreCase(config.getOrDefault("cluster-enabled", "no").trim());
    }

    /** Starts a server with the default configuration (no persistence) using {@link RedisBinary#find()}. */
    public static RedisProcess launch() {
        return launch(Map.of());
    }

    /**
     * Starts a server with extra configuration lines, in order, using {@link RedisBinary#find()}.
     *
     * @param config directive to value, e.g. {@code appendonly -> yes}, {@code appendfsync -> always},
     *               {@code requirepass -> secret}; an empty value is written {@code ""}; values are written
     *               as given (quote them yourself if they hold spaces that are not argument separators).
     *               {@code port, bind, dir, daemonize, logfile, include} are the fixture's to set.
     * @throws IllegalStateException with the tail of the server log when it does not answer within 10 s
     */
    public static RedisProcess launch(Map<String, String> config) {
        return launch(RedisBinary.find(), config);
    }

    /** Starts a server of a given binary; see {@link #launch(Map)}. */
    public static RedisProcess launch(RedisBinary binary, Map<String, String> config) {
        for (String key : config.keySet()) {
            if (RESERVED.contains(key.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("redis config '" + key + "' is set by the fixture (port, bind 127.0.0.1, "
                        + "its own dir and log); remove it from the extra config");
            }
        }
        Path dir;
        try {
            dir = ProcessJanitor.newServerDir();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for redis-server under " + ProcessJanitor.baseDir(), e);
        }
        RedisProcess p = new RedisProcess(binary, config, dir);
        try {
            p.firstStart();
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    private synchronized void firstStart() {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            port = Ports.free(clusterBus);
            try {
                spawn();
                return;
            } catch (PortInUse e) {
                Ports.release(port);
                last = e.asError();
            }
        }
        throw last;
    }

    /**
     * A loopback port free right now, e.g. for {@code tls-port} in the extra config (the plain {@link #port()}
     * stays open: readiness is checked there). Not reserved: bind it soon.
     */
    public static int freePort() {
        return Ports.free(false);
    }

    /** Starts the server again on the same port and directory; does nothing if it runs. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("redis-server on port " + port + " is closed; start a new RedisProcess");
        }
        if (isRunning()) {
            return;
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                spawn();
                return;
            } catch (PortInUse e) {
                if (System.nanoTime() > deadline) {
                    throw e.asError();
                }
                sleep(200); // someone else holds our port for a moment (a connection in its last state): wait for it
            }
        }
    }

    /** Stops the server gracefully (SIGTERM, as SHUTDOWN: AOF flushed, RDB saved only if save points were asked for). */
    public synchronized void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        ended(p);
    }

    /** Kills the server with SIGKILL (no AOF flush beyond what its fsync policy already did) and waits for it to die. */
    public synchronized void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ended(p);
    }

    /** {@link #stop()} then {@link #start()}: same port, same directory. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Stops the server for good and deletes its directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        kill(); // data of a closed server is thrown away: no need for a graceful stop
        closed = true;
        if (port > 0) {
            Ports.release(port);
        }
        ProcessJanitor.deleteDir(dir);
    }

    /** True while the server process is alive. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The server's process id. @throws IllegalStateException if it does not run */
    public synchronized long pid() {
        if (!isRunning()) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        return process.pid();
    }

    /** The port, stable across restarts. */
    public synchronized int port() {
        return port;
    }

    /** Always {@code 127.0.0.1}. */
    public String host() {
        return HOST;
    }

    /** {@code redis://127.0.0.1:PORT}, or {@code redis://default:PASSWORD@127.0.0.1:PORT} with {@code requirepass}. */
    public String url() {
        return password().map(pw -> "redis://default:" + pw + "@" + HOST + ":" + port()).orElse("redis://" + HOST + ":" + port());
    }

    /** The {@code requirepass} given in the config, if any. */
    public Optional<String> password() {
        String pw = config.get("requirepass");
        return pw == null || pw.isEmpty() ? Optional.empty() : Optional.of(pw);
    }

    /** The server's working directory (AOF, RDB, nodes.conf, the log). */
    public Path dir() {
        return dir;
    }

    /** The server's log (stdout and stderr of every start, appended). */
    public Path logFile() {
        return dir.resolve("redis.log");
    }

    /** The binary this server runs. */
    public RedisBinary binary() {
        return binary;
    }

    /** The extra configuration given at start. */
    public Map<String, String> config() {
        return config;
    }

    /** A new connection to this server (authenticated if needed); the caller closes it. */
    public Jedis jedis() {
        return Commands.jedis(HOST, port(), password().orElse(null));
    }

    /** Runs one command on a fresh connection and returns the reply (strings, longs, lists, null). */
    public Object command(String... args) {
        try (Jedis j = jedis()) {
            return Commands.call(j, args);
        }
    }

    /** The last {@code lines} lines of the server log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + logFile() + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return "redis-server " + binary.version() + " on " + HOST + ":" + port + (isRunning() ? " (pid " + process.pid() + ")" : " (stopped)");
    }

    private void spawn() {
        writeConfig();
        long logStart = logFile().toFile().length();
        Path conf = dir.resolve("redis.conf");
        Process p;
        try {
            p = new ProcessBuilder(binary.path().toString(), conf.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary.path() + ": " + e.getMessage(), e);
        }
        process = p;
        ProcessJanitor.started(p, dir);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            String reply = Commands.rawPing(HOST, port, 1_000);
            if (reply != null && !reply.startsWith("-LOADING") && p.isAlive()) {
                return; // +PONG, or -NOAUTH when requirepass is set: either way it serves
            }
            if (!p.isAlive()) {
                ended(p);
                String tail = logSince(logStart);
                // "Address already in use" for the client port; Redis 7 says "bind: Address in use" (and
                // "Failed listening on port ... (cluster)") when another process took the cluster bus port
                if (tail.contains("Address already in use") || tail.contains("Address in use")) {
                    throw new PortInUse(port, tail);
                }
                throw new IllegalStateException("redis-server " + binary.path() + " exited with code " + p.exitValue()
                        + " while starting on " + HOST + ":" + port + "; log " + logFile() + " ends:\n" + tail);
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("redis-server " + binary.path() + " did not answer PING on " + HOST + ":" + port
                        + " within " + START_TIMEOUT.toSeconds() + " s; log " + logFile() + " ends:\n" + logSince(logStart));
            }
            sleep(25);
        }
    }

    /** What this start wrote to the log (its last 30 lines). */
    private String logSince(long offset) {
        try {
            byte[] all = Files.readAllBytes(logFile());
            String text = new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset), StandardCharsets.UTF_8);
            String[] lines = text.split("\n");
            return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 30), lines.length));
        } catch (IOException e) {
            return "(no log at " + logFile() + ": " + e.getMessage() + ")";
        }
    }

    private void writeConfig() {
        StringBuilder sb = new StringBuilder()
                .append("# written by dev.spool.testkit.redis.RedisProcess\n")
                .append("port ").append(port).append('\n')
                .append("bind ").append(HOST).append('\n')
                .append("protected-mode no\n")
                .append("daemonize no\n")
                .append("dir \"").append(dir.toAbsolutePath()).append("\"\n")
                .append("logfile \"\"\n")
                .append("save \"\"\n")
                .append("appendonly no\n");
        config.forEach((k, v) -> sb.append(k).append(' ').append(v == null || v.isEmpty() ? "\"\"" : v).append('\n'));
        try {
            Files.writeString(dir.resolve("redis.conf"), sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("redis.conf"), e);
        }
    }

    private void ended(Process p) {
        ProcessJanitor.ended(p);
        if (process == p) {
            process = null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    /** The server could not bind its port (or its cluster bus port). */
    private static final class PortInUse extends RuntimeException {
        private final int port;
        private final String tail;

        PortInUse(int port, String tail) {
            super("port " + port + " in use", null, false, false);
            this.port = port;
            this.tail = tail;
        }

        IllegalStateException asError() {
            return new IllegalStateException("redis-server could not bind 127.0.0.1:" + port + " (or its cluster bus port): "
                    + "address already in use; log ends:\n" + tail);
        }
    }
}

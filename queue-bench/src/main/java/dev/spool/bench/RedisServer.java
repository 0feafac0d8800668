package dev.spool.bench;

import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server child process for the run: the linux-amd64 binary shipped inside the
 * embedded-redis JAR (Redis 6.2), on a free loopback port, without persistence. Closing it stops
 * the process.
 */
final class RedisServer implements AutoCloseable {
    static final String BINARY = "redis-server-6.2.6-v5-linux-amd64";

    private final Process process;
    private final int port;
    private final Path dir;

    private RedisServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** Extracts the binary and starts it; waits until it answers PING. */
    static RedisServer start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("spool-bench-redis");
        Path bin = dir.resolve(BINARY);
        try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(BINARY)) {
            if (in == null) {
                throw new IOException("the redis-server binary " + BINARY + " is not on the classpath "
                        + "(it ships in com.github.codemonstur:embedded-redis); give --redis redis://host:port instead");
            }
            Files.copy(in, bin, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!bin.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + bin + " executable");
        }
        int port = freePort();
        Process p = new ProcessBuilder(List.of(bin.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--maxmemory", "0", "--protected-mode", "no"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisServer server = new RedisServer(p, port, dir);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Jedis j = new Jedis("127.0.0.1", port)) {
                if ("PONG".equals(j.ping())) {
                    return server;
                }
            } catch (RuntimeException e) {
                if (!p.isAlive() || System.nanoTime() > end) {
                    server.close();
                    throw new IOException("redis-server on port " + port + " did not start; see " + dir.resolve("redis.log"), e);
                }
                Thread.sleep(50);
            }
        }
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The redis-server's pid, for its CPU figures. */
    long pid() {
        return process.pid();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}

package dev.spool.demo;

import dev.spool.api.BackendException;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A throw-away redis-server for one demo run: the binary shipped in the embedded-redis JAR,
 * started on a free loopback port with persistence off, stopped on {@link #close()} (and by
 * embedded-redis's shutdown hook if the JVM is stopped first, by Ctrl-C for example).
 */
final class EmbeddedRedis implements AutoCloseable {
    private static final int ATTEMPTS = 3;

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts a server on a free port of 127.0.0.1.
     *
     * @throws BackendException when no server could be started (no binary for this platform, or it would not run)
     */
    static EmbeddedRedis start() {
        return start(0);
    }

    /**
     * Starts a server on {@code port} of 127.0.0.1, or on a free port when {@code port} is 0.
     *
     * @throws BackendException when no server could be started (the port is taken, no binary for this platform)
     */
    static EmbeddedRedis start(int fixedPort) {
        IOException last = null;
        for (int i = 0; i < (fixedPort == 0 ? ATTEMPTS : 1); i++) { // another process may take a free port first
            int port = fixedPort == 0 ? freePort() : fixedPort;
            try {
                RedisServer server = RedisServer.newRedisServer()
                        .bind("127.0.0.1")
                        .port(port)
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .setting("maxmemory 256mb")
                        .onShutdownForceStop(true) // embedded-redis also stops it from a shutdown hook
                        .build();
                server.start();
                return new EmbeddedRedis(server, port);
            } catch (IOException | RuntimeException e) {
                last = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
        }
        throw new BackendException("could not start the embedded Redis server" + (fixedPort == 0 ? "" : " on port "
                + fixedPort + " (is the port taken?)") + ": " + last.getMessage()
                + "; run a Redis yourself and pass --redis redis://127.0.0.1:6379", last);
    }

    /** The URL clients connect with. */
    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The port it listens on. */
    int port() {
        return port;
    }

    /** Stops the server; its data is gone. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            // the process is gone or going; nothing left to release
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new BackendException("no free loopback port for the embedded Redis: " + e.getMessage(), e);
        }
    }
}

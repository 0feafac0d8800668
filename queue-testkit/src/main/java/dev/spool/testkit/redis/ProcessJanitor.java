package dev.spool.testkit.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Makes sure no redis-server started by these fixtures outlives its JVM.
 *
 * <ol>
 *   <li>Every live server process is registered here; one JVM shutdown hook SIGKILLs whatever is still
 *       registered (a normal exit, Ctrl-C or SIGTERM of the test JVM).</li>
 *   <li>A JVM killed with SIGKILL runs no hook, so each server directory records the pid of its JVM
 *       ({@code owner.pid}) and of its server ({@code redis.pid}). The first server started in a JVM sweeps
 *       the directories whose owner JVM is gone: it kills their server (only if that pid still runs a
 *       redis-server) and deletes the directory.</li>
 * </ol>
 */
final class ProcessJanitor {

    static final String OWNER_FILE = "owner.pid";
    static final String PID_FILE = "redis.pid";

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRS = ConcurrentHashMap.newKeySet();
    private static volatile boolean hooked;
    private static volatile boolean swept;

    private ProcessJanitor() {
    }

    /** {@code <java.io.tmpdir>/spool-redis-<user>}: the extracted binary and one directory per server. */
    static Path baseDir() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "spool-redis-" + user);
    }

    /** Creates a fresh server directory stamped with this JVM's pid; sweeps orphans first (once per JVM). */
    static Path newServerDir() throws IOException {
        sweepOnce();
        Path nodes = Files.createDirectories(baseDir().resolve("servers"));
        Path dir = Files.createTempDirectory(nodes, "redis-");
        Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()), StandardCharsets.US_ASCII);
        DIRS.add(dir);
        return dir;
    }

    /** Notes a started server process and writes its pid into its directory. */
    static void started(Process process, Path dir) {
        hookOnce();
        LIVE.add(process);
        try {
            Files.writeString(dir.resolve(PID_FILE), Long.toString(process.pid()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            // Only the orphan sweep needs the file; the shutdown hook still covers this process.
        }
    }

    /** Notes that a server process has ended. */
    static void ended(Process process) {
        LIVE.remove(process);
    }

    /** Deletes a server directory (after its process ended). */
    static void deleteDir(Path dir) {
        DIRS.remove(dir);
        deleteTree(dir);
    }

    private static synchronized void hookOnce() {
        if (hooked) {
            return;
        }
        hooked = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : LIVE) {
                p.destroyForcibly();
            }
            for (Process p : LIVE) {
                try {
                    p.onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    // Exiting anyway.
                }
            }
            DIRS.forEach(ProcessJanitor::deleteTree);
        }, "spool-redis-janitor"));
    }

    private static synchronized void sweepOnce() {
        if (swept) {
            return;
        }
        swept = true;
        Path servers = baseDir().resolve("servers");
        if (!Files.isDirectory(servers)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(servers)) {
            dirs.filter(Files::isDirectory).forEach(ProcessJanitor::sweep);
        } catch (IOException e) {
            // A sweep is best effort.
        }
    }

    private static void sweep(Path dir) {
        Optional<Long> owner = readPid(dir.resolve(OWNER_FILE));
        // a zombie (dead, not yet reaped) shows no command: it counts as gone
        if (owner.isPresent() && ProcessHandle.of(owner.get()).filter(h -> h.isAlive() && h.info().command().isPresent()).isPresent()) {
            return; // another live JVM (another module's tests, another engineer) owns it
        }
        if (owner.isEmpty() && !olderThan(dir, Duration.ofHours(1))) {
            return; // being created right now
        }
        readPid(dir.resolve(PID_FILE)).flatMap(ProcessHandle::of).filter(ProcessJanitor::isRedisServer).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
        deleteTree(dir);
    }

    private static boolean isRedisServer(ProcessHandle h) {
        return h.isAlive() && h.info().command().map(c -> c.contains("redis-server")).orElse(false);
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean olderThan(Path dir, Duration age) {
        try {
            FileTime t = Files.getLastModifiedTime(dir);
            return t.toInstant().isBefore(Instant.now().minus(age));
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Left for the next sweep.
                }
            });
        } catch (IOException e) {
            // Left for the next sweep.
        }
    }
}

package dev.spool.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Real {@code spool worker} processes ({@code java -jar spool.jar worker ...}). Its duties:
 * <ol>
 *   <li>start a worker with the given arguments and environment, its output in a log file of its own;</li>
 *   <li>wait until a worker says it started (its log line), so faults hit running workers;</li>
 *   <li>SIGKILL one ({@link Process#destroyForcibly()}), or stop all gracefully (SIGTERM);</li>
 *   <li>never leave a process behind: {@link #close()} kills what is left, and a JVM shutdown hook
 *       does the same should the test JVM exit first.</li>
 * </ol>
 */
final class WorkerFleet implements AutoCloseable {

    private static final Set<Process> EVERY_PROCESS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> EVERY_PROCESS.forEach(Process::destroyForcibly),
                "spool-chaos-reaper"));
    }

    /** One worker process and its log. */
    record Worker(Process process, Path log) {
        long pid() {
            return process.pid();
        }
    }

    private final Path spoolJar;
    private final Path logDir;
    private final List<String> args;
    private final Map<String, String> env;
    private final List<Worker> alive = new ArrayList<>();
    private final List<Worker> started = new ArrayList<>();

    /**
     * @param spoolJar the worker CLI
     * @param logDir   where each worker's output goes
     * @param args     the arguments after {@code worker}
     * @param env      extra environment of every worker
     */
    WorkerFleet(Path spoolJar, Path logDir, List<String> args, Map<String, String> env) throws IOException {
        this.logDir = Files.createDirectories(logDir);
        // a private copy: a rebuild of worker-runtime during the run must not change the workers it starts
        this.spoolJar = Files.copy(spoolJar, logDir.resolve("spool.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        this.args = List.copyOf(args);
        this.env = Map.copyOf(env);
    }

    /** The worker CLI named by the system property {@code spool.jar}, which must exist and be current. */
    static Path spoolJar() {
        return dev.spool.testkit.SpoolJar.require("../worker-runtime/target/spool.jar");
    }

    /** Starts one more worker; returns at once. */
    synchronized Worker start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xss512k", "-jar", spoolJar.toString(), "worker"));
        cmd.addAll(args);
        Path log = logDir.resolve("worker-" + (started.size() + 1) + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        EVERY_PROCESS.add(p);
        Worker w = new Worker(p, log);
        Files.writeString(logDir.resolve("pids.txt"), log.getFileName() + " pid " + p.pid() + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        alive.add(w);
        started.add(w);
        return w;
    }

    /** Starts {@code n} workers and waits until each says it started. */
    void startAndAwait(int n, Duration timeout) throws IOException {
        List<Worker> ws = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ws.add(start());
        }
        for (Worker w : ws) {
            awaitStarted(w, timeout);
        }
    }

    /** Waits until {@code w} logged that it started; fails with its log when it died or took too long. */
    void awaitStarted(Worker w, Duration timeout) {
        Poll.until("worker pid " + w.pid() + " to start (log " + w.log() + ")", timeout, () -> {
            if (!w.process().isAlive()) {
                throw new AssertionError("worker pid " + w.pid() + " exited with " + w.process().exitValue()
                        + "; its log:\n" + tail(w.log(), 40));
            }
            return hasStarted(w);
        });
    }

    /**
     * SIGKILLs a random live worker that has started serving (one still starting up holds no task, so
     * killing it would prove nothing) and waits for it to die; returns its pid, or -1 when none was serving.
     */
    synchronized long killRandom(Random random) {
        alive.removeIf(w -> !w.process().isAlive());
        List<Worker> serving = alive.stream().filter(WorkerFleet::hasStarted).toList();
        if (serving.isEmpty()) {
            return -1;
        }
        Worker w = serving.get(random.nextInt(serving.size()));
        alive.remove(w);
        kill(w);
        return w.pid();
    }

    /** True once the worker logged that it started. */
    static boolean hasStarted(Worker w) {
        return tail(w.log(), 400).contains(" started: queues");
    }

    private static void kill(Worker w) {
        w.process().destroyForcibly();
        try {
            w.process().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        EVERY_PROCESS.remove(w.process());
    }

    /**
     * Starts a new worker for each one that exited without being killed by this fleet, and describes
     * each such exit (a worker must not die on its own: that is a finding). One exception: a worker that
     * never started because Redis was down while it connected (the chaos run restarts Redis while
     * replacement workers start) refuses to start by design ({@code spool worker: cannot connect},
     * exit code 1); it is replaced, and listed in {@code refusedAtStart} instead.
     */
    synchronized List<String> replaceCrashed(List<String> refusedAtStart) throws IOException {
        List<String> crashes = new ArrayList<>();
        for (Worker w : List.copyOf(alive)) {
            if (!w.process().isAlive()) {
                alive.remove(w);
                EVERY_PROCESS.remove(w.process());
                String what = "worker pid " + w.pid() + " exited on its own with code " + w.process().exitValue()
                        + " (log " + w.log() + "): " + tail(w.log(), 3).replace('\n', ' ');
                boolean refused = !hasStarted(w) && w.process().exitValue() == 1
                        && tail(w.log(), 3).contains("spool worker: cannot connect");
                (refused ? refusedAtStart : crashes).add(what);
                start();
            }
        }
        return crashes;
    }

    /** The workers alive now. */
    synchronized List<Worker> alive() {
        alive.removeIf(w -> !w.process().isAlive());
        return List.copyOf(alive);
    }

    /** Every worker this fleet started. */
    synchronized List<Worker> started() {
        return List.copyOf(started);
    }

    /** SIGTERMs every live worker and waits for a clean exit; returns the exit codes (a hang is killed and reported as -1). */
    synchronized List<Integer> stopAll(Duration timeout) {
        List<Integer> codes = new ArrayList<>();
        for (Worker w : alive) {
            w.process().destroy();
        }
        for (Worker w : alive) {
            try {
                if (w.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    codes.add(w.process().exitValue());
                } else {
                    kill(w);
                    codes.add(-1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill(w);
                codes.add(-1);
            }
            EVERY_PROCESS.remove(w.process());
        }
        alive.clear();
        return codes;
    }

    /** Kills whatever is still running. */
    @Override
    public synchronized void close() {
        for (Worker w : started) {
            if (w.process().isAlive()) {
                kill(w);
            }
            EVERY_PROCESS.remove(w.process());
        }
        alive.clear();
    }

    /** The last {@code lines} lines of a log. */
    static String tail(Path log, int lines) {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

package dev.spool.worker.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code java -jar spool.jar ...} as a child process, its output in files under target/. */
final class SpoolProcess {
    static final Path JAR = Path.of(System.getProperty("spool.jar", "target/spool.jar")).toAbsolutePath();
    private static final List<Process> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        // a test that fails half-way must not leave a worker JVM behind
        Runtime.getRuntime().addShutdownHook(new Thread(SpoolProcess::killAll));
    }

    /** Kills (SIGKILL) every child still alive; for @AfterEach. */
    static void killAll() {
        for (Process p : STARTED) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        STARTED.clear();
    }

    private final Process process;
    private final Path out;
    private final Path err;
    private final List<String> args;

    private SpoolProcess(Process process, Path out, Path err, List<String> args) {
        this.process = process;
        this.out = out;
        this.err = err;
        this.args = args;
    }

    static SpoolProcess start(Path logDir, String name, Map<String, String> env, String... args) throws IOException {
        return start(logDir, name, env, null, args);
    }

    static SpoolProcess start(Path logDir, String name, Map<String, String> env, Path stdin, String... args)
            throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing; run mvn package (the process tests run in verify)");
        }
        Files.createDirectories(logDir);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("SPOOL_"));
        pb.environment().putAll(env);
        Path out = logDir.resolve(name + ".out");
        Path err = logDir.resolve(name + ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                : ProcessBuilder.Redirect.from(stdin.toFile()));
        Process process = pb.start();
        STARTED.add(process);
        return new SpoolProcess(process, out, err, List.of(args));
    }

    /** Waits for the exit; fails (killing the process) when it does not come within {@code max}. */
    int exitCode(Duration max) throws InterruptedException, IOException {
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("spool " + args + " did not exit within " + max + "; stderr:\n" + err());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    String out() {
        return read(out);
    }

    String err() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }
}

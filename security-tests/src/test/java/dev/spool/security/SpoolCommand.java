package dev.spool.security;

import dev.spool.testkit.SpoolJar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code spool} command line as a user does: {@code java -jar worker-runtime/target/spool.jar ...}
 * in a child JVM, with a clean {@code SPOOL_*} environment; returns the exit code and both outputs.
 */
final class SpoolCommand {
    private static final long TIMEOUT_SECONDS = 90;

    private SpoolCommand() {
    }

    /** What one run printed and returned. */
    record Result(int exit, String out, String err) {
        /** Both outputs, for assertions that a secret appears in neither. */
        String all() {
            return out + "\n" + err;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** The shaded CLI jar: a missing or stale one fails the calling test, never skips it. */
    static Path jar() {
        return SpoolJar.require("../worker-runtime/target/spool.jar");
    }

    static Result run(String... args) {
        return run(Map.of(), List.of(), null, args);
    }

    /**
     * Runs {@code spool args} with extra environment variables {@code env}, JVM options {@code jvm}
     * (e.g. a trust store) and {@code stdin} bytes (null for none).
     */
    static Result run(Map<String, String> env, List<String> jvm, byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xss512k");
        cmd.addAll(jvm);
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("SPOOL_"));
        pb.environment().putAll(env);
        try {
            Path dir = Files.createTempDirectory("spool-cli-");
            pb.directory(dir.toFile()); // no ./spool.properties from the module directory
            Path out = dir.resolve("out");
            Path err = dir.resolve("err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process p = pb.start();
            if (stdin != null) {
                try (var in = p.getOutputStream()) {
                    in.write(stdin);
                }
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("spool " + String.join(" ", args) + " did not end within " + TIMEOUT_SECONDS + " s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            Files.delete(dir);
            return r;
        } catch (IOException e) {
            throw new AssertionError("cannot run spool.jar: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

package dev.spool.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code spool.jar} command line that process tests run, checked before use: a test never
 * skips because the JAR is missing, and never runs a JAR older than the classes it is built from
 * (under {@code mvn test}, which does not package, the JAR of an earlier build would be tested).
 */
public final class SpoolJar {

    /** The modules whose classes the shaded JAR holds, relative to the project root. */
    static final List<String> MODULES = List.of("queue-api", "queue-inmemory", "queue-redis-core", "queue-redis-list",
            "queue-redis-stream", "worker-runtime");

    private static final String BUILD = "mvn -B -ntp -q install -DskipTests (or run the whole build: mvn -B -ntp verify)";

    private SpoolJar() {
    }

    /**
     * The JAR named by the system property {@code spool.jar} (else {@code defaultPath}), after
     * checking that it exists and is not older than the compiled classes of {@link #MODULES}.
     *
     * @throws IllegalStateException naming the JAR, what is wrong and the command that builds it
     */
    public static Path require(String defaultPath) {
        Path jar = Path.of(System.getProperty("spool.jar", defaultPath)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the worker CLI " + jar + " does not exist; build it first with " + BUILD);
        }
        Path root = jar.getParent().getParent().getParent(); // <root>/worker-runtime/target/spool.jar
        FileTime built = mtime(jar);
        for (String module : MODULES) {
            newest(root.resolve(module).resolve("target/classes")).ifPresent(newest -> {
                if (mtime(newest).compareTo(built) > 0) {
                    throw new IllegalStateException("the worker CLI " + jar + " (built " + built + ") is older than "
                            + newest + " (" + mtime(newest) + "): it would test old code; rebuild it with " + BUILD);
                }
            });
        }
        return jar;
    }

    private static Optional<Path> newest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".class")).max((a, b) -> mtime(a).compareTo(mtime(b)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static FileTime mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the time of " + p, e);
        }
    }
}

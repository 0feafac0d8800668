package dev.spool.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How child JVMs are started: the java command, the bench's classpath, the worker's launcher. */
final class Launchers {
    private Launchers() {
    }

    /** The java executable running this JVM. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This JVM's classpath (the bench JAR, or target/classes and the dependencies in tests). */
    static String classpath() {
        return System.getProperty("java.class.path");
    }

    /** {@code java <jvmOptions> -cp <bench classpath> <mainClass>}. */
    static List<String> benchMain(List<String> jvmOptions, String mainClass) {
        List<String> c = new ArrayList<>();
        c.add(java());
        c.addAll(jvmOptions);
        c.add("-cp");
        c.add(classpath());
        c.add(mainClass);
        return c;
    }

    /**
     * The command up to the worker's subcommand: {@code java -jar spool.jar} when {@code spoolJar}
     * is given, else the runtime's command line from the bench's own classpath.
     */
    static List<String> worker(List<String> jvmOptions, Path spoolJar) {
        if (spoolJar == null) {
            return benchMain(jvmOptions, "dev.spool.worker.cli.SpoolCli");
        }
        if (!Files.isRegularFile(spoolJar)) {
            throw new IllegalArgumentException("--spool-jar " + spoolJar + " is not a file; build worker-runtime "
                    + "(mvn -B -o -q install -f worker-runtime/pom.xml -DskipTests) or leave --spool-jar out");
        }
        List<String> c = new ArrayList<>();
        c.add(java());
        c.addAll(jvmOptions);
        c.add("-jar");
        c.add(spoolJar.toAbsolutePath().toString());
        return c;
    }

    /** The default spool.jar: worker-runtime/target/spool.jar under the working directory, when it exists. */
    static Path defaultSpoolJar() {
        Path p = Path.of("worker-runtime", "target", "spool.jar");
        return Files.isRegularFile(p) ? p : null;
    }

    static String describe(List<String> command) {
        return String.join(" ", command).replace(classpath(), "<bench classpath>")
                .replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
    }
}

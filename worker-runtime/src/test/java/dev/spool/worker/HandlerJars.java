package dev.spool.worker;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Builds a handler JAR the way a user would: compiles Java sources with the JDK's compiler against
 * this test's classpath and packs the classes with {@code META-INF/services} entries.
 */
public final class HandlerJars {
    private HandlerJars() {
    }

    /**
     * Compiles {@code sources} (fully qualified class name to source text) and writes {@code jar}
     * with {@code services} (interface name to the provider class names).
     */
    public static Path build(Path jar, Map<String, String> sources, Map<String, List<String>> services)
            throws IOException {
        Path work = Files.createTempDirectory("spool-handler-src");
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
                System.getProperty("java.class.path"), "--release", "17", "-proc:none", "-nowarn"));
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path file = work.resolve("src").resolve(s.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, err, err, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("compiling the test handler failed:\n" + err.toString(StandardCharsets.UTF_8));
        }
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    j.write(Files.readAllBytes(f));
                    j.closeEntry();
                }
            }
            for (Map.Entry<String, List<String>> s : services.entrySet()) {
                j.putNextEntry(new JarEntry("META-INF/services/" + s.getKey()));
                j.write((String.join("\n", s.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return jar;
    }

    /** Source of a handler class {@code pkg.Name} for {@code type} that appends a line to a file per run. */
    public static String recordingHandler(String className, String type) {
        int dot = className.lastIndexOf('.');
        return """
                package %s;

                import com.google.gson.JsonElement;
                import dev.spool.api.TaskContext;
                import dev.spool.api.TaskHandler;
                import java.nio.file.Files;
                import java.nio.file.Path;

                /**
                 * Records each run as a file named after the task id in $SPOOL_TEST_RECORD (or the system property)
                 * when it ends; with $SPOOL_TEST_STARTED set, also marks each start there, before any sleep.
                 */
                public class %s implements TaskHandler<JsonElement> {
                    public String type() { return "%s"; }
                    public Class<JsonElement> payloadType() { return JsonElement.class; }
                    public void handle(JsonElement payload, TaskContext ctx) throws Exception {
                        String dir = System.getenv("SPOOL_TEST_RECORD");
                        if (dir == null) dir = System.getProperty("spool.test.record");
                        long sleep = payload.isJsonObject() && payload.getAsJsonObject().has("sleepMs")
                                ? payload.getAsJsonObject().get("sleepMs").getAsLong() : 0;
                        String started = System.getenv("SPOOL_TEST_STARTED");
                        if (started != null) Files.writeString(Path.of(started).resolve(ctx.taskId()), "");
                        if (sleep > 0) Thread.sleep(sleep);
                        Files.writeString(Path.of(dir).resolve(ctx.taskId() + "." + ctx.attempt() + "." + System.nanoTime()),
                                payload.toString());
                    }
                }
                """.formatted(className.substring(0, dot), className.substring(dot + 1), type);
    }
}

package dev.spool.bench;

import dev.spool.api.TaskHandler;
import dev.spool.bench.handler.LatencyRecorder;
import dev.spool.bench.handler.NoopHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Writes the tiny handlers JAR a real worker process loads from its {@code --handlers} directory:
 * the classes of {@link NoopHandler} and {@link LatencyRecorder}, copied out of the bench's own
 * classpath, and {@code META-INF/services/dev.spool.api.TaskHandler} naming the handler. The bench
 * JAR itself declares no handler service, so the worker finds exactly one handler for the type.
 */
final class HandlerJar {
    private HandlerJar() {
    }

    /** Writes {@code spool-bench-handlers.jar} into {@code dir} and returns its path. */
    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path jar = dir.resolve("spool-bench-handlers.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> c : new Class<?>[] {NoopHandler.class, LatencyRecorder.class}) {
                String name = c.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(name));
                copy(name, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + TaskHandler.class.getName()));
            out.write((NoopHandler.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static void copy(String resource, OutputStream out) throws IOException {
        try (InputStream in = HandlerJar.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("class file " + resource + " is not on the bench's classpath");
            }
            in.transferTo(out);
        }
    }
}

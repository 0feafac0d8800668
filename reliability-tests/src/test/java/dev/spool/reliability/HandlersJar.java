package dev.spool.reliability;

import dev.spool.api.TaskHandler;
import dev.spool.reliability.handler.RecordingHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Packs {@link RecordingHandler} (and its nested classes), compiled with the test sources, into a
 * handlers JAR with its {@code META-INF/services} entry, the way a user deploys a handler to
 * {@code spool worker --handlers <dir>}.
 */
final class HandlersJar {

    private HandlersJar() {
    }

    /** Writes {@code dir/chaos-handlers.jar} and returns {@code dir}. */
    static Path writeInto(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path classes;
        try {
            classes = Path.of(RecordingHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the compiled test classes", e);
        }
        String pkg = RecordingHandler.class.getPackageName().replace('.', '/');
        Path pkgDir = classes.resolve(pkg);
        List<Path> files;
        try (Stream<Path> s = Files.list(pkgDir)) {
            files = s.filter(p -> p.getFileName().toString().startsWith("RecordingHandler")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no compiled RecordingHandler classes in " + pkgDir);
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Path jar = dir.resolve("chaos-handlers.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            for (Path f : files) {
                j.putNextEntry(new JarEntry(pkg + "/" + f.getFileName()));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
            j.putNextEntry(new JarEntry("META-INF/services/" + TaskHandler.class.getName()));
            j.write((RecordingHandler.class.getName() + "\n" + RecordingHandler.Other.class.getName() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        return dir;
    }
}

package dev.spool.worker.cli;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The shaded spool.jar carries every adapter; the library jar and its pom carry none. */
class SpoolJarIT {

    @Test
    void theCommandLineJarCarriesEveryAdapterWithMergedServiceFiles() throws Exception {
        try (JarFile jar = new JarFile(SpoolProcess.JAR.toFile())) {
            String backends = new String(jar.getInputStream(jar.getEntry("META-INF/services/dev.spool.api.spi.QueueBackend"))
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertThat(backends).contains("dev.spool.inmemory.", "dev.spool.redis.list.", "dev.spool.redis.stream.");
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.spool.worker.cli.SpoolCli");
            assertThat(jar.getEntry("picocli/CommandLine.class")).isNotNull();
            assertThat(jar.getEntry("ch/qos/logback/classic/Logger.class")).isNotNull();
        }
    }

    @Test
    void theLibraryJarAndItsPomBringNoAdapter() throws Exception {
        Path library;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            library = files.filter(p -> p.getFileName().toString().matches("worker-runtime-.*\\.jar")
                    && !p.getFileName().toString().contains("sources")).findFirst().orElseThrow();
        }
        try (JarFile jar = new JarFile(library.toFile())) {
            List<String> names = Collections.list(jar.entries()).stream().map(e -> e.getName()).toList();
            assertThat(names).anyMatch(n -> n.equals("dev/spool/worker/Worker.class"))
                    .noneMatch(n -> n.startsWith("dev/spool/redis/") || n.startsWith("dev/spool/inmemory/")
                            || n.startsWith("picocli/") || n.startsWith("ch/qos/logback/"));
        }
        NodeList deps = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("pom.xml"))
                .getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String artifact = d.getElementsByTagName("artifactId").item(0).getTextContent();
            if (artifact.startsWith("queue-redis") || artifact.equals("queue-inmemory") || artifact.equals("logback-classic")
                    || artifact.equals("picocli")) {
                String optional = d.getElementsByTagName("optional").getLength() == 0 ? "false"
                        : d.getElementsByTagName("optional").item(0).getTextContent();
                assertThat(optional).as(artifact + " must not reach applications that embed the runtime").isEqualTo("true");
            }
        }
    }
}

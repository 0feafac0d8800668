package dev.spool.spring.example;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java and properties snippets of the README's "Spring Boot" section are pieces of this example, so
 * that what the README shows compiles and runs: each must stand, up to whitespace, in one of its sources
 * or in its {@code application.properties}.
 */
class ReadmeSnippetsTest {
    private static final Pattern FENCE = Pattern.compile("```(java|properties)\\n(.*?)```", Pattern.DOTALL);

    static String normalized(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    static String springBootSection() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("\n## Spring Boot\n");
        assertThat(start).as("the README's Spring Boot section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    @Test
    void everySnippetIsAPieceOfTheExample() throws IOException {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.add(normalized(Files.readString(f)));
            }
        }
        String properties = normalized(Files.readString(Path.of("src", "main", "resources", "application.properties")));
        Matcher m = FENCE.matcher(springBootSection());
        int java = 0;
        int props = 0;
        while (m.find()) {
            String snippet = normalized(m.group(2));
            if (m.group(1).equals("java")) {
                java++;
                assertThat(sources).as("a Java source of the example holding the README's snippet%n%s", m.group(2))
                        .anyMatch(s -> s.contains(snippet));
            } else {
                props++;
                assertThat(properties).as("application.properties").contains(snippet);
            }
        }
        assertThat(java).as("Java snippets").isEqualTo(3);
        assertThat(props).as("properties snippets").isEqualTo(1);
    }
}

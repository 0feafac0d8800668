package dev.spool.test.readme;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's test-kit snippet is the compiled {@link SendWelcomeTest}, so it cannot drift from the API. */
class ReadmeSnippetTest {
    private static final String BEGIN = "// README snippet begin";
    private static final String END = "// README snippet end";

    @Test
    void theReadmeShowsSendWelcomeTestWordForWord() throws Exception {
        List<String> source = Files.readAllLines(Path.of("src/test/java/dev/spool/test/readme/SendWelcomeTest.java"));
        String snippet = String.join("\n", source.subList(source.indexOf(BEGIN) + 1, source.indexOf(END)));
        String readme = Files.readString(Path.of("..", "README.md").toAbsolutePath().normalize());

        assertThat(snippet).contains("@SpoolTest", "spool.drain();");
        assertThat(readme).as("README.md, section Testing your handlers, holds the lines of SendWelcomeTest between "
                + "the markers; copy them again after changing either").contains("```java\n" + snippet + "\n```");
    }
}

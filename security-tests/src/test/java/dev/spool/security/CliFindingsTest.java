package dev.spool.security;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Command-line behaviour that falls short of the house rules; see the requests file for the evidence. */
class CliFindingsTest {

    /** A rejected file line names the field and the fix, like every other rejected line. */
    @Test
    void aBadRunAtLineNamesTheField() throws IOException {
        Path file = Files.createTempFile("runat", ".jsonl");
        Files.writeString(file, "{\"type\":\"t\",\"runAt\":\"tomorrow\"}\n", StandardCharsets.UTF_8);
        SpoolCommand.Result r = SpoolCommand.run("enqueue", "--backend", "inmemory", "--file", file.toString());
        Files.delete(file);
        assertThat(r.err()).as("%s", r).contains("line 1: rejected:").contains("runAt").contains("2030-01-01T00:00:00Z");
    }

    /** --help is clean: no picocli warning on standard error. */
    @Test
    void helpPrintsNoWarnings() {
        SpoolCommand.Result r = SpoolCommand.run("worker", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).as("%s", r).isEmpty();
    }
}

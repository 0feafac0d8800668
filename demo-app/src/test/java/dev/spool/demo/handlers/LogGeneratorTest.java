package dev.spool.demo.handlers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogGeneratorTest {

    @Test
    void the_same_seed_gives_the_same_log_and_another_seed_another() {
        String a = LogGenerator.generate(42, 2000);
        assertThat(LogGenerator.generate(42, 2000)).isEqualTo(a);
        assertThat(LogGenerator.generate(43, 2000)).isNotEqualTo(a);
    }

    @Test
    void writes_exactly_the_requested_number_of_lines_with_every_kind_of_entry(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app-0001.log");
        LogGenerator.write(file, 7, 3000, () -> false);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3000);
        assertThat(Files.readString(file)).isEqualTo(LogGenerator.generate(7, 3000));
        assertThat(lines).anyMatch(l -> l.contains(" ERROR ") && l.contains("error=\""))
                .anyMatch(l -> l.contains(" WARN "))
                .anyMatch(l -> l.contains(" INFO "))
                .anyMatch(l -> l.contains(" DEBUG "))
                .anyMatch(l -> l.startsWith("\tat "))
                .anyMatch(l -> l.matches(".* (GET|POST|PUT|DELETE) /\\S+ \\d{3} \\d+ms.*"));
        assertThat(dir.resolve("app-0001.log.tmp")).doesNotExist();
    }

    @Test
    void timestamps_only_move_forward() {
        List<String> stamps = LogGenerator.generate(99, 1000).lines()
                .filter(l -> !l.startsWith("\t") && Character.isDigit(l.charAt(0)))
                .map(l -> l.substring(0, 24))
                .toList();
        assertThat(stamps).isSorted();
    }

    @Test
    void a_cancelled_generation_leaves_no_file_behind(@TempDir Path dir) {
        Path file = dir.resolve("app-0002.log");
        assertThatThrownBy(() -> LogGenerator.write(file, 1, 5000, () -> true))
                .isInstanceOf(CancellationException.class);
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("app-0002.log.tmp")).doesNotExist();
    }

    @Test
    void one_line_is_enough_and_zero_is_refused(@TempDir Path dir) throws Exception {
        LogGenerator.write(dir.resolve("one.log"), 5, 1, () -> false);
        assertThat(Files.readAllLines(dir.resolve("one.log"))).hasSize(1);
        assertThatThrownBy(() -> LogGenerator.write(dir.resolve("none.log"), 5, 0, () -> false))
                .hasMessageContaining("lines is 0");
    }
}

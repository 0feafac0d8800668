package dev.spool.demo.handlers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogStatsTest {

    @Test
    void nearest_rank_percentiles_of_one_to_a_hundred() {
        LogStats.Percentiles p = LogStats.Percentiles.ofValues(LongStream.rangeClosed(1, 100).boxed().toList());
        assertThat(p).isEqualTo(new LogStats.Percentiles(50, 95, 99));
        assertThat(LogStats.Percentiles.ofValues(List.of(7L))).isEqualTo(new LogStats.Percentiles(7, 7, 7));
        assertThat(LogStats.Percentiles.ofValues(List.of())).isEqualTo(new LogStats.Percentiles(0, 0, 0));
    }

    @Test
    void merging_adds_counts_and_recomputes_percentiles_from_the_histograms() {
        LogStats a = LogParser.parse("a.log", LogGenerator.generate(1, 1500));
        LogStats b = LogParser.parse("b.log", LogGenerator.generate(2, 2500));

        LogStats all = LogStats.merge("all", List.of(a, b));
        LogStats whole = LogParser.parse("ab.log", LogGenerator.generate(1, 1500) + LogGenerator.generate(2, 2500));

        assertThat(all.files()).isEqualTo(2);
        assertThat(all.lines()).isEqualTo(4000);
        assertThat(all.level("ERROR")).isEqualTo(a.level("ERROR") + b.level("ERROR"));
        assertThat(all.levels()).isEqualTo(whole.levels());
        assertThat(all.statuses()).isEqualTo(whole.statuses());
        assertThat(all.errors()).isEqualTo(whole.errors());
        assertThat(all.latencyMs()).isEqualTo(whole.latencyMs());
    }

    @Test
    void a_result_file_round_trips_and_sits_next_to_its_log(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("app-0001.log");
        LogGenerator.write(log, 11, 800, () -> false);
        LogStats stats = LogParser.parse(log, () -> false);

        Path written = StatsFiles.write(log, stats);

        assertThat(written).isEqualTo(dir.resolve("app-0001.log.stats.json"));
        assertThat(StatsFiles.read(written)).isEqualTo(stats);
        assertThat(StatsFiles.list(dir)).containsExactly(written);
        assertThat(StatsFiles.readAll(dir)).containsExactly(stats);
        assertThat(Files.readString(written)).contains("\"latencyMs\": {", "\"p99\":", "\"ERROR\":");
    }

    @Test
    void a_damaged_result_file_is_an_error_naming_it(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("x.log.stats.json");
        Files.writeString(bad, "{\"file\": [");
        assertThatThrownBy(() -> StatsFiles.read(bad)).hasMessageContaining(bad.toString()).hasMessageContaining("delete it");
    }

    @Test
    void maps_come_out_in_their_documented_order() {
        LogStats s = new LogStats("x", 1, 0, 0, 0, Map.of("INFO", 1L, "TRACE", 1L, "ERROR", 2L, "DEBUG", 3L),
                Map.of("500", 1L, "200", 9L), Map.of("b", 1L, "a", 1L, "c", 5L), null, Map.of());
        assertThat(s.levels().keySet()).containsExactly("ERROR", "INFO", "DEBUG", "TRACE");
        assertThat(s.statuses().keySet()).containsExactly("200", "500");
        assertThat(s.errors().keySet()).containsExactly("c", "a", "b");
    }
}

package dev.spool.demo.handlers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LogParserTest {

    private static final String SAMPLE = String.join("\n",
            "2026-03-14T09:26:53.589Z INFO  checkout  GET /api/v1/orders/48213 200 37ms",
            "2026-03-14T09:26:53.601Z ERROR payments  POST /api/v1/payments 504 2210ms error=\"upstream timeout after 2200ms: ledger-db\"",
            "2026-03-14T09:26:53.650Z ERROR checkout  POST /api/v1/orders 500 80ms error=\"could not serialize order 17: deadlock detected\"",
            "java.lang.IllegalStateException: order 17 has no lines",
            "\tat shop.checkout.CartService.total(CartService.java:88)",
            "2026-03-14T09:26:53.700Z ERROR checkout  POST /api/v1/orders 500 90ms error=\"could not serialize order 4242: deadlock detected\"",
            "2026-03-14T09:26:53.800Z WARN  catalog   GET /api/v1/products/3 404 12ms",
            "2026-03-14T09:26:53.900Z DEBUG search    cache hit ratio 0.93 for product-catalog",
            "2026-03-14T09:26:54.000Z ERROR search    error=\"kafka consumer lag 12034 on topic order-events exceeds 10000\"",
            "2026-03-14T09:26:54.100Z INFO  gateway   GET /health 200 3ms");

    @Test
    void counts_levels_statuses_errors_and_continuation_lines() {
        LogStats s = LogParser.parse("sample.log", SAMPLE);

        assertThat(s.file()).isEqualTo("sample.log");
        assertThat(s.lines()).isEqualTo(10);
        assertThat(s.continuationLines()).isEqualTo(2);
        assertThat(s.requests()).isEqualTo(6);
        assertThat(s.levels()).containsExactly(Map.entry("ERROR", 4L), Map.entry("WARN", 1L),
                Map.entry("INFO", 2L), Map.entry("DEBUG", 1L));
        assertThat(s.statuses()).containsExactly(Map.entry("200", 2L), Map.entry("404", 1L),
                Map.entry("500", 2L), Map.entry("504", 1L));
        assertThat(s.topErrors(2)).containsExactly(
                Map.entry("could not serialize order #: deadlock detected", 2L),
                Map.entry("kafka consumer lag # on topic order-events exceeds #", 1L));
        assertThat(s.errors()).containsEntry("upstream timeout after #ms: ledger-db", 1L).hasSize(3);
    }

    @Test
    void latency_percentiles_are_nearest_rank_over_request_lines() {
        LogStats s = LogParser.parse("sample.log", SAMPLE);
        // sorted latencies: 3 12 37 80 90 2210
        assertThat(s.latencyMs()).isEqualTo(new LogStats.Percentiles(37, 2210, 2210));
        assertThat(s.latencyHistogram()).containsExactly(Map.entry(3, 1L), Map.entry(12, 1L), Map.entry(37, 1L),
                Map.entry(80, 1L), Map.entry(90, 1L), Map.entry(2210, 1L));
    }

    @Test
    void a_generated_file_parses_completely_and_its_counts_add_up(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app-0003.log");
        LogGenerator.write(file, 3, 4000, () -> false);

        LogStats s = LogParser.parse(file, () -> false);

        List<String> lines = Files.readAllLines(file);
        long entries = lines.stream().filter(l -> Character.isDigit(l.charAt(0))).count();
        assertThat(s.lines()).isEqualTo(4000);
        assertThat(s.levels().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(entries);
        assertThat(s.continuationLines()).isEqualTo(4000 - entries);
        assertThat(s.statuses().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(s.requests());
        assertThat(s.errors().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(s.level("ERROR"));
        assertThat(s.requests()).isGreaterThan(3000);
        assertThat(s.latencyMs().p50()).isLessThanOrEqualTo(s.latencyMs().p95());
        assertThat(s.latencyMs().p95()).isLessThanOrEqualTo(s.latencyMs().p99());
        assertThat(s.latencyMs().p99()).isGreaterThan(s.latencyMs().p50());
        assertThat(s.errors()).allSatisfy((message, count) -> assertThat(message).doesNotContainPattern("\\d"));
    }

    @Test
    void an_empty_file_gives_zeros() {
        LogStats s = LogParser.parse("empty.log", "");
        assertThat(s.lines()).isZero();
        assertThat(s.latencyMs()).isEqualTo(new LogStats.Percentiles(0, 0, 0));
    }
}

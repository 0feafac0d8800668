package dev.spool.worker.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static dev.spool.worker.cli.SpoolCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code spool stats} shows a queue's latency: the age of its oldest ready task, as text and as {@code latencyMs}. */
class StatsLatencyCliTest {

    @Test
    void theAgeOfTheOldestReadyTaskIsShownAsTextAndJson() {
        // a producer whose clock is two minutes behind: its task has been ready for two minutes by the CLI's clock
        Broker late = Spool.connect("inmemory", BackendConfig.builder("inmemory://spool-cli")
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-2))).build());
        late.queue("cli-latency").enqueue(Task.of("mail", "{}"));

        SpoolCliTest.Run json = run("stats", "--queue", "cli-latency", "--json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonObject row = JsonParser.parseString(json.out()).getAsJsonArray().get(0).getAsJsonObject();
        assertThat(row.get("latencyMs").getAsLong()).isBetween(120_000L, 180_000L);
        assertThat(row.get("latency").getAsString()).startsWith("PT2M");
        SpoolCliTest.Run text = run("stats", "--queue", "cli-latency");
        assertThat(text.out()).contains("LATENCY").containsPattern("cli-latency .* 2m\\d\\ds ");

        assertThat(run("stats", "--queue", "cli-latency-none", "--json").out()).contains("\"latencyMs\":0");
    }

    @Test
    void latenciesReadForPeople() {
        assertThat(StatsCommand.age(Duration.ZERO)).isEqualTo("0");
        assertThat(StatsCommand.age(Duration.ofMillis(850))).isEqualTo("850ms");
        assertThat(StatsCommand.age(Duration.ofMillis(12_400))).isEqualTo("12.4s");
        assertThat(StatsCommand.age(Duration.ofSeconds(245))).isEqualTo("4m05s");
        assertThat(StatsCommand.age(Duration.ofMinutes(123))).isEqualTo("2h03m");
        assertThat(StatsCommand.age(Duration.ofHours(76))).isEqualTo("3d04h");
    }
}

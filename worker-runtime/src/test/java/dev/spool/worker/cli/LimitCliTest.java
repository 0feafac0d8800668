package dev.spool.worker.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import static dev.spool.worker.cli.SpoolCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code spool limit set|list}, the limits column of {@code spool stats}, {@code enqueue --expires-in}; bad values exit 2. */
class LimitCliTest {

    @Test
    void limitsAreSetListedShownInStatsAndCleared() {
        assertThat(run("enqueue", "--queue", "cli-limited", "--type", "t").code()).isZero();
        SpoolCliTest.Run set = run("limit", "set", "--queue", "cli-limited", "--rate", "100/1s", "--concurrency", "5");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).contains("cli-limited", "100/1s", "5");
        assertThat(run("limit", "list").out()).contains("cli-limited", "100/1s");
        JsonObject stats = JsonParser.parseString(run("stats", "--queue", "cli-limited", "--json").out()).getAsJsonArray()
                .get(0).getAsJsonObject();
        assertThat(stats.get("rate").getAsString()).isEqualTo("100/1s");
        assertThat(stats.get("concurrency").getAsInt()).isEqualTo(5);
        assertThat(stats.get("ready").getAsInt()).isEqualTo(1);
        assertThat(run("stats", "--queue", "cli-limited").out()).contains("LIMITS", "100/1s, 5 at once");

        assertThat(run("limit", "set", "--queue", "cli-limited", "--rate", "50/s", "--json").out())
                .contains("\"rate\":\"50/1s\"", "\"concurrency\":5");
        run("limit", "set", "--queue", "cli-limited", "--rate", "none", "--concurrency", "none");
        assertThat(run("limit", "list", "--json").out()).doesNotContain("cli-limited");
    }

    @Test
    void limitsOfOneTypeAreSetOneByOneListedAndRemoved() {
        assertThat(run("enqueue", "--queue", "cli-typed", "--type", "call_api").code()).isZero();
        SpoolCliTest.Run set = run("limit", "set", "--queue", "cli-typed", "--type", "call_api", "--rate", "10/1s");
        assertThat(set.code()).as(set.err()).isZero();
        SpoolCliTest.Run both = run("limit", "set", "--queue", "cli-typed", "--type", "call_api", "--concurrency", "2",
                "--json");
        assertThat(both.out()).as("the rate set before is kept")
                .contains("\"type\":\"call_api\"", "\"rate\":\"10/1s\"", "\"concurrency\":2");
        run("limit", "set", "--queue", "cli-typed", "--concurrency", "9");
        String list = run("limit", "list").out();
        assertThat(list).contains("TYPE", "cli-typed  *", "call_api", "10/1s");
        JsonObject stats = JsonParser.parseString(run("stats", "--queue", "cli-typed", "--json").out()).getAsJsonArray()
                .get(0).getAsJsonObject();
        assertThat(stats.get("concurrency").getAsInt()).isEqualTo(9);
        assertThat(stats.getAsJsonArray("typeLimits").get(0).getAsJsonObject().get("type").getAsString()).isEqualTo("call_api");
        assertThat(run("stats", "--queue", "cli-typed").out()).contains("9 at once, 1 type limited");
        run("limit", "set", "--queue", "cli-typed", "--type", "call_api", "--rate", "none", "--concurrency", "none");
        run("limit", "set", "--queue", "cli-typed", "--concurrency", "none");
        assertThat(run("limit", "list").out()).doesNotContain("cli-typed");
        assertThat(run("limit", "set", "--queue", "q", "--type", "bad type", "--rate", "1/s").err())
                .contains("'bad type' has a character outside");
    }

    @Test
    void badLimitsExitTwoNamingTheFix() {
        SpoolCliTest.Run rate = run("limit", "set", "--queue", "q", "--rate", "fast");
        assertThat(rate.code()).isEqualTo(2);
        assertThat(rate.err()).contains("rate limit 'fast' is not <count>/<period>", "100/1s");
        assertThat(run("limit", "set", "--queue", "q", "--concurrency", "-2").err()).contains("'concurrency' is -2");
        assertThat(run("limit", "set", "--queue", "q", "--concurrency", "many").err()).contains("--concurrency is 'many'");
        assertThat(run("limit", "set", "--queue", "q").err()).contains("give --rate");
    }

    @Test
    void anEnqueuedTaskCarriesItsDeadline() {
        SpoolCliTest.Run r = run("enqueue", "--queue", "cli-expiring", "--type", "t", "--expires-in", "10m", "--drop-expired",
                "--json");
        assertThat(r.code()).as(r.err()).isZero();
        String id = JsonParser.parseString(r.out()).getAsJsonObject().get("id").getAsString();
        JsonObject shown = JsonParser.parseString(run("task", "show", "--queue", "cli-expiring", "--id", id, "--json").out())
                .getAsJsonObject();
        assertThat(java.time.Instant.parse(shown.get("expiresAt").getAsString()))
                .isBetween(java.time.Instant.now().plusSeconds(590), java.time.Instant.now().plusSeconds(600));
        assertThat(run("enqueue", "--queue", "q", "--type", "t", "--expires-in", "-1s").err())
                .contains("--expires-in is '-1s'");
        assertThat(run("enqueue", "--queue", "q", "--type", "t", "--drop-expired").err())
                .contains("'dropExpired' is set but 'expiresAt' is not");
    }
}

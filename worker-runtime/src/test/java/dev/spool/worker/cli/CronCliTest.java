package dev.spool.worker.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import static dev.spool.worker.cli.SpoolCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code spool cron}: add, list, pause, resume, trigger, remove; bad input exits 2, an unknown name 3. */
class CronCliTest {

    @Test
    void aScheduleIsAddedListedPausedTriggeredAndRemoved() {
        SpoolCliTest.Run add = run("cron", "add", "--name", "cli-nightly", "--queue", "cli-cron", "--type", "report",
                "--cron", "0 30 2 * * *", "--zone", "Europe/Berlin", "--payload", "{\"full\":true}", "--header", "team=ops");
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).startsWith("created schedule cli-nightly: cron '0 30 2 * * *' in Europe/Berlin to queue cli-cron");
        assertThat(run("cron", "add", "--name", "cli-nightly", "--queue", "cli-cron", "--type", "report", "--cron",
                "0 30 2 * * *", "--zone", "Europe/Berlin", "--payload", "{\"full\":true}", "--header", "team=ops").out())
                .startsWith("unchanged schedule cli-nightly");

        assertThat(run("cron", "pause", "--name", "cli-nightly").out()).contains("paused schedule cli-nightly");
        JsonObject listed = find(JsonParser.parseString(run("cron", "list", "--json").out()).getAsJsonArray(), "cli-nightly");
        assertThat(listed.get("paused").getAsBoolean()).isTrue();
        assertThat(listed.get("zone").getAsString()).isEqualTo("Europe/Berlin");
        assertThat(listed.get("queue").getAsString()).isEqualTo("cli-cron");
        assertThat(run("cron", "list").out()).contains("cli-nightly", "paused");

        SpoolCliTest.Run trigger = run("cron", "trigger", "--name", "cli-nightly");
        assertThat(trigger.out()).startsWith("triggered schedule cli-nightly: task ");
        String id = trigger.out().trim().substring(trigger.out().trim().lastIndexOf(' ') + 1);
        SpoolCliTest.Run shown = run("task", "show", "--queue", "cli-cron", "--id", id, "--json");
        assertThat(shown.out()).contains("\"spool-schedule\":\"cli-nightly\"", "\"team\":\"ops\"", "\\\"full\\\":true");

        assertThat(run("cron", "resume", "--name", "cli-nightly").code()).isZero();
        assertThat(run("cron", "remove", "--name", "cli-nightly").code()).isZero();
        SpoolCliTest.Run gone = run("cron", "remove", "--name", "cli-nightly");
        assertThat(gone.code()).isEqualTo(3);
        assertThat(gone.err()).contains("no schedule named 'cli-nightly'");
        assertThat(run("cron", "trigger", "--name", "cli-nightly").code()).isEqualTo(3);
    }

    @Test
    void badSchedulesExitTwoNamingTheProblemAndTheFix() {
        SpoolCliTest.Run cron = run("cron", "add", "--name", "x", "--queue", "q", "--type", "t", "--cron", "0 0 25 * * *");
        assertThat(cron.code()).isEqualTo(2);
        assertThat(cron.err()).startsWith("spool cron add: schedule 'x': cron expression '0 0 25 * * *' is invalid (")
                .contains("Value 25 not in range [0, 23]", "'0 30 2 * * *'", "(see: spool cron add --help)");
        assertThat(run("cron", "add", "--name", "x", "--queue", "q", "--type", "t", "--cron", "0 0 2 * * *", "--zone", "Mars/X")
                .err()).contains("the time zone 'Mars/X' is not known");
        assertThat(run("cron", "add", "--name", "x", "--queue", "q", "--type", "t").err())
                .contains("give --cron <expr> (for example '0 30 2 * * *') or --every <duration>");
        assertThat(run("cron", "add", "--name", "x", "--queue", "q", "--type", "t", "--every", "1m", "--missed", "later").err())
                .contains("--missed is 'later'; use once or skip");
        assertThat(run("cron", "add", "--name", "x", "--queue", "q", "--type", "t", "--every", "1m", "--payload", "{").err())
                .contains("task field 'payload'", "not valid JSON");
        assertThat(run("cron", "add", "--name", "x", "--queue", "q", "--type", "t", "--every", "100ms").err())
                .contains("use at least 1s");
    }

    private static JsonObject find(JsonArray all, String name) {
        for (var e : all) {
            if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError(name + " not listed in " + all);
    }
}

package dev.spool.worker.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.spool.worker.cli.SpoolCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code spool task list}: a queue's tasks in one state, page by page; bad arguments exit 2. */
class TaskListCliTest {

    @Test
    void pagesOfEachStateAreListedAsTextAndJson() {
        Broker broker = Spool.connect("inmemory", "inmemory://spool-cli");
        TaskQueue q = broker.queue("cli-pages");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(q.enqueue(Task.of("mail", "{\"n\":" + i + "}")).taskId());
        }
        q.enqueue(Task.builder("mail").delay(Duration.ofHours(1)).build());
        q.fail(q.fetch(1, Duration.ZERO).get(0), "smtp refused\nsecond line");

        SpoolCliTest.Run page = run("task", "list", "--queue", "cli-pages", "--state", "ready", "--limit", "2", "--offset", "1",
                "--json");
        assertThat(page.code()).as(page.err()).isZero();
        JsonArray rows = JsonParser.parseString(page.out()).getAsJsonArray();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getAsJsonObject().get("id").getAsString()).isEqualTo(ids.get(2));
        assertThat(rows.get(1).getAsJsonObject().get("state").getAsString()).isEqualTo("ready");

        String dead = run("task", "list", "--queue", "cli-pages", "--state", "dead").out();
        assertThat(dead).contains("FAILED-AT", ids.get(0), "smtp refused").doesNotContain("second line");
        assertThat(run("task", "list", "--queue", "cli-pages", "--state", "scheduled").out()).contains("DUE", "mail");
        assertThat(run("task", "list", "--queue", "cli-pages", "--state", "running").out())
                .contains("no running tasks in queue cli-pages");
    }

    @Test
    void badArgumentsExitTwoNamingTheFix() {
        SpoolCliTest.Run state = run("task", "list", "--queue", "q", "--state", "succeeded");
        assertThat(state.code()).isEqualTo(2);
        assertThat(state.err()).contains("state SUCCEEDED cannot be listed", "found by its id");
        SpoolCliTest.Run unknown = run("task", "list", "--queue", "q", "--state", "soon");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("--state is 'soon'", "ready, scheduled, running or dead");
        SpoolCliTest.Run limit = run("task", "list", "--queue", "q", "--state", "ready", "--limit", "5000");
        assertThat(limit.code()).isEqualTo(2);
        assertThat(limit.err()).contains("limit 5000 is out of range", "1 to 1000");
    }
}

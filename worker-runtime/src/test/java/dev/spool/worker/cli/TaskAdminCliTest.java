package dev.spool.worker.cli;

import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.api.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.spool.worker.cli.SpoolCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code spool task run-now} and {@code spool task delete}: exit 0 done, 1 the task's state refuses it, 3 unknown. */
class TaskAdminCliTest {

    @Test
    void runNowMakesAScheduledTaskReadyAndRefusesOtherStates() {
        Broker broker = Spool.connect("inmemory", "inmemory://spool-cli");
        TaskQueue q = broker.queue("cli-run-now");
        String later = q.enqueue(Task.builder("mail").delay(Duration.ofHours(1)).build()).taskId();

        SpoolCliTest.Run ok = run("task", "run-now", "--queue", "cli-run-now", "--id", later);
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("task " + later + " of queue cli-run-now is ready");
        assertThat(broker.inspector().task("cli-run-now", later).orElseThrow().state()).isEqualTo(TaskState.READY);

        SpoolCliTest.Run again = run("task", "run-now", "--queue", "cli-run-now", "--id", later);
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("is not scheduled (nothing changed)", "spool task show");
        SpoolCliTest.Run unknown = run("task", "run-now", "--queue", "cli-run-now", "--id", "no-such-task");
        assertThat(unknown.code()).isEqualTo(3);
        assertThat(unknown.err()).contains("holds no task no-such-task");
        SpoolCliTest.Run bad = run("task", "run-now", "--queue", "cli-run-now", "--id", "bad id");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("'id'");
        assertThat(run("task", "run-now", "--queue", "cli-run-now").code()).as("--id is required").isEqualTo(2);
    }

    @Test
    void deleteRemovesATaskAndRefusesARunningOne() {
        Broker broker = Spool.connect("inmemory", "inmemory://spool-cli");
        TaskQueue q = broker.queue("cli-delete");
        String doomed = q.enqueue(Task.builder("mail").uniqueKey("cli-delete-key").build()).taskId();
        SpoolCliTest.Run ok = run("task", "delete", "--queue", "cli-delete", "--id", doomed);
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("deleted task " + doomed + " of queue cli-delete");
        assertThat(broker.inspector().task("cli-delete", doomed)).isEmpty();
        assertThat(q.enqueue(Task.builder("mail").uniqueKey("cli-delete-key").build()).accepted()).as("its key is free").isTrue();

        Delivery running = q.fetch(1, Duration.ZERO).get(0);
        SpoolCliTest.Run refused = run("task", "delete", "--queue", "cli-delete", "--id", running.id());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("is running and was not deleted", "spool task cancel --queue cli-delete");
        assertThat(q.ack(running)).isTrue();
        SpoolCliTest.Run gone = run("task", "delete", "--queue", "cli-delete", "--id", running.id());
        assertThat(gone.code()).isEqualTo(3);
        assertThat(gone.err()).contains("holds no task " + running.id());
    }
}

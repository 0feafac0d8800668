package dev.spool.testkit;

import dev.spool.api.Delivery;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.RetryResult;
import dev.spool.api.Task;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskProgress;
import dev.spool.api.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract clause 12, fourth part: progress. The holder of a lease records how far the task has come;
 * the report is kept with the task (across a retry) until it ends, and shown by the lookup; a caller
 * whose lease is gone changes nothing; a bad report is refused before anything changes. Part of
 * {@link TaskQueueContractTest}.
 */
public abstract class ProgressContract extends CancelContract {

    @Test
    void theLeaseHolderRecordsProgressShownByTheLookupUntilTheTaskEnds() {
        String id = enqueue(Task.builder("render").retention(Duration.ofHours(1)).maxAttempts(3).build());
        assertThat(info(id).progress()).as("nothing reported yet").isNull();
        Delivery d = fetchOne();
        clock.advance(Duration.ofSeconds(3));
        assertThat(queue.progress(d, 40, "{\"page\":4,\"of\":10}")).isTrue();
        TaskProgress p = info(id).progress();
        assertThat(p.percent()).isEqualTo(40);
        assertThat(p.detail()).isEqualTo("{\"page\":4,\"of\":10}");
        assertThat(p.at()).isEqualTo(clock.instant());
        assertThat(queue.progress(d, 55, null)).as("a later report replaces it").isTrue();
        assertThat(info(id).progress()).isEqualTo(new TaskProgress(55, null, clock.instant()));

        assertThat(queue.retry(d, Duration.ofSeconds(30), "boom")).isEqualTo(RetryResult.SCHEDULED);
        assertThat(info(id).state()).isEqualTo(TaskState.SCHEDULED);
        assertThat(info(id).progress().percent()).as("kept across a retry").isEqualTo(55);

        clock.advance(Duration.ofSeconds(31));
        Delivery again = fetchOne();
        assertThat(queue.progress(again, 100, "\"done\"")).isTrue();
        assertThat(queue.ack(again, "7")).isTrue();
        TaskInfo done = info(id);
        assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(done.progress()).as("a finished task shows its outcome, not its progress").isNull();

        String other = enqueue(Task.builder("render").maxAttempts(1).build());
        Delivery o = fetchOne();
        assertThat(queue.progress(o, 10, null)).isTrue();
        assertThat(queue.fail(o, "gave up")).isTrue();
        assertThat(info(other).state()).isEqualTo(TaskState.DEAD);
        assertThat(info(other).progress()).isNull();
        assertThat(broker.inspector().requeueDead(queue.name(), other)).isTrue();
        assertThat(info(other).progress()).as("a requeued dead letter starts afresh").isNull();
    }

    @Test
    void aCallerWhoseLeaseIsGoneRecordsNothing() {
        String id = enqueue(Task.builder("t").maxAttempts(3).build());
        Delivery first = queue.fetch(1, Duration.ZERO, Duration.ofSeconds(10)).get(0);
        clock.advance(Duration.ofSeconds(11));
        Delivery second = fetchOne();
        assertThat(queue.progress(first, 90, null)).as("the lease of the first attempt ran out").isFalse();
        assertThat(info(id).progress()).isNull();
        assertThat(queue.progress(second, 20, null)).isTrue();
        assertThat(queue.ack(second)).isTrue();
        assertThat(queue.progress(second, 30, null)).as("after the ack").isFalse();
        assertThat(broker.inspector().task(queue.name(), id)).as("no retention: forgotten, progress with it").isEmpty();
    }

    @Test
    void aBadReportIsRefusedNamingTheTaskAndChangesNothing() {
        String id = enqueue(Task.builder("t").build());
        Delivery d = fetchOne();
        assertThat(queue.progress(d, 5, null)).isTrue();
        assertThatThrownBy(() -> queue.progress(d, 101, null))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining(id).hasMessageContaining("0 to 100");
        assertThatThrownBy(() -> queue.progress(d, 50, "{not json"))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining(id).hasMessageContaining("detail");
        String big = "\"" + "x".repeat((int) Task.maxResultBytes()) + "\"";
        assertThatThrownBy(() -> queue.progress(d, 50, big))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("limit");
        assertThat(info(id).progress().percent()).isEqualTo(5);
    }
}

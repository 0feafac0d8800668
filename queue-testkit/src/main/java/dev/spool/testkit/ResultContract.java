package dev.spool.testkit;

import dev.spool.api.Delivery;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.Task;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract clause 12, second part: a task with a retention is kept after it succeeded, with its
 * handler's result written in the same step as the ack, until the retention ends. Part of
 * {@link TaskQueueContractTest}.
 */
public abstract class ResultContract extends LookupContract {

    @Test
    void aTaskWithARetentionIsKeptAsSucceededWithItsResultUntilItExpires() {
        String id = enqueue(Task.builder("parse").payload("{\"file\":\"a.log\"}").retention(Duration.ofHours(1)).build());
        Delivery d = fetchOne();
        clock.advance(Duration.ofSeconds(2));
        assertThat(queue.ack(d, "{\"lines\":120,\"errors\":[\"E1\"]}")).isTrue();
        TaskInfo done = info(id);
        assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(done.result()).isEqualTo("{\"lines\":120,\"errors\":[\"E1\"]}");
        assertThat(done.finishedAt()).isEqualTo(clock.instant());
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.task().payload()).isEqualTo("{\"file\":\"a.log\"}");
        assertThat(done.task().retention()).isEqualTo(Duration.ofHours(1));
        assertThat(done.leaseDeadline()).isNull();
        assertThat(broker.inspector().stats(queue.name()).pending()).as("a kept task is not pending").isZero();
        assertNothingReady();

        clock.advance(Duration.ofMinutes(59));
        assertThat(info(id).state()).isEqualTo(TaskState.SUCCEEDED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(broker.inspector().task(queue.name(), id)).as("its retention is over").isEmpty();
    }

    @Test
    void ackAllKeepsEachResultAndATaskWithoutRetentionIsForgotten() {
        String a = enqueue(Task.builder("t").retention(Duration.ofMinutes(5)).build());
        String b = enqueue(Task.builder("t").retention(Duration.ofMinutes(5)).build());
        String plain = enqueue(Task.builder("t").build());
        List<Delivery> got = fetchNow(3);
        assertThat(got).hasSize(3);
        assertThat(queue.ackAll(got, Map.of(a, "1", plain, "\"dropped\""))).isEqualTo(3);
        assertThat(info(a).result()).isEqualTo("1");
        assertThat(info(b).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(info(b).result()).as("no result given").isNull();
        assertThat(broker.inspector().task(queue.name(), plain)).as("no retention: forgotten, result dropped").isEmpty();
    }

    @Test
    void theResultAndTheAckAreOneStepALateAckStoresNothing() {
        String id = enqueue(Task.builder("t").retention(Duration.ofHours(1)).maxAttempts(3).build());
        Delivery first = queue.fetch(1, Duration.ZERO, Duration.ofSeconds(10)).get(0);
        clock.advance(Duration.ofSeconds(11));
        Delivery second = fetchOne();
        assertThat(queue.ack(first, "\"from the first attempt\"")).as("the late ack").isFalse();
        TaskInfo running = info(id);
        assertThat(running.state()).isEqualTo(TaskState.RUNNING);
        assertThat(running.attempts()).isEqualTo(2);
        assertThat(running.result()).isNull();
        assertThat(queue.ack(second, "\"from the second\"")).isTrue();
        assertThat(info(id).result()).isEqualTo("\"from the second\"");
        assertThat(info(id).attempts()).isEqualTo(2);
        assertThat(queue.ack(second, "\"again\"")).as("an ack already settled").isFalse();
        assertThat(info(id).result()).isEqualTo("\"from the second\"");
    }

    @Test
    void aResultThatIsNotJsonOrOverTheLimitIsRefusedAndChangesNothing() {
        String id = enqueue(Task.builder("t").retention(Duration.ofHours(1)).build());
        Delivery d = fetchOne();
        assertThatThrownBy(() -> queue.ack(d, "{\"unclosed\":"))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining(id).hasMessageContaining("result")
                .hasMessageContaining(queue.name());
        String big = "\"" + "x".repeat((int) Task.maxResultBytes()) + "\"";
        assertThatThrownBy(() -> queue.ackAll(List.of(d), Map.of(id, big)))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("limit").hasMessageContaining(id);
        assertThatThrownBy(() -> queue.ackAll(List.of(d), Map.of("someone-else", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("someone-else");
        assertThat(info(id).state()).as("nothing changed").isEqualTo(TaskState.RUNNING);
        assertThat(queue.ack(d, "null")).isTrue();
        assertThat(info(id).result()).as("JSON null is a result").isEqualTo("null");
    }
}

package dev.spool.testkit;

import dev.spool.api.Delivery;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.QueueInspector;
import dev.spool.api.RetryResult;
import dev.spool.api.Task;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract clause 12, first part: a task is found by its id in every state it can be in, with what
 * the backend knows of it. Part of {@link TaskQueueContractTest}.
 */
public abstract class LookupContract extends ArgumentContract {

    /** The task {@code id} of the test's queue, which must exist. */
    protected TaskInfo info(String id) {
        return broker.inspector().task(queue.name(), id)
                .orElseThrow(() -> new AssertionError("task " + id + " not found on " + queue.name()));
    }

    @Test
    void aTaskIsFoundByIdInEveryStateItPassesThrough() {
        Instant created = clock.instant();
        String id = enqueue(Task.builder("charge").payload("{\"cents\":100}").priority(3).maxAttempts(2)
                .header("tenant", "acme").build());
        TaskInfo ready = info(id);
        assertThat(ready.state()).isEqualTo(TaskState.READY);
        assertThat(ready.queue()).isEqualTo(queue.name());
        assertThat(ready.id()).isEqualTo(id);
        assertThat(ready.type()).isEqualTo("charge");
        assertThat(ready.task().payload()).isEqualTo("{\"cents\":100}");
        assertThat(ready.task().priority()).isEqualTo(3);
        assertThat(ready.task().headers()).containsEntry("tenant", "acme");
        assertThat(ready.createdAt()).isEqualTo(created);
        assertThat(ready.attempts()).isZero();
        assertThat(ready.maxAttempts()).isEqualTo(2);
        assertThat(ready.runAt()).isNull();
        assertThat(ready.leaseDeadline()).isNull();
        assertThat(ready.lastError()).isNull();
        assertThat(ready.raw()).isNull();

        Delivery d = fetchOne();
        TaskInfo running = info(id);
        assertThat(running.state()).isEqualTo(TaskState.RUNNING);
        assertThat(running.attempts()).isEqualTo(1);
        assertThat(running.task().attempt()).isEqualTo(1);
        assertThat(running.leaseDeadline()).isEqualTo(d.leaseDeadline());
        assertThat(running.startedAt()).as("the attempt began at the fetch").isEqualTo(clock.instant());
        assertThat(running.holder()).as("the broker holding it: host-pid-random")
                .matches("[A-Za-z0-9_.-]+-" + ProcessHandle.current().pid() + "-[a-z0-9]+");
        assertThat(ready.startedAt()).isNull();
        assertThat(ready.holder()).isNull();

        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.retry(d, Duration.ofSeconds(5), "card declined")).isEqualTo(RetryResult.SCHEDULED);
        TaskInfo waiting = info(id);
        assertThat(waiting.state()).isEqualTo(TaskState.SCHEDULED);
        assertThat(waiting.attempts()).isEqualTo(1);
        assertThat(waiting.runAt()).isEqualTo(clock.instant().plusSeconds(5));
        assertThat(waiting.lastError()).isEqualTo("card declined");
        assertThat(waiting.leaseDeadline()).isNull();
        assertThat(waiting.startedAt()).isNull();
        assertThat(waiting.holder()).isNull();

        clock.advance(Duration.ofSeconds(5));
        Delivery last = fetchOne();
        assertThat(info(id).state()).isEqualTo(TaskState.RUNNING);
        assertThat(info(id).startedAt()).as("the second attempt's start").isEqualTo(clock.instant());
        assertThat(info(id).attempts()).isEqualTo(2);
        assertThat(queue.fail(last, "gateway timeout")).isTrue();
        TaskInfo dead = info(id);
        assertThat(dead.state()).isEqualTo(TaskState.DEAD);
        assertThat(dead.attempts()).isEqualTo(2);
        assertThat(dead.lastError()).isEqualTo("gateway timeout");
        assertThat(dead.finishedAt()).isEqualTo(clock.instant());
        assertThat(dead.task().payload()).isEqualTo("{\"cents\":100}");

        assertThat(broker.inspector().requeueDead(queue.name(), id)).isTrue();
        TaskInfo again = info(id);
        assertThat(again.state()).isEqualTo(TaskState.READY);
        assertThat(again.attempts()).isZero();
        assertThat(again.lastError()).isNull();
        assertThat(queue.ack(fetchOne())).isTrue();
        assertThat(broker.inspector().task(queue.name(), id)).as("an acknowledged task is not kept").isEmpty();
    }

    @Test
    void aDelayedTaskIsScheduledUntilItsRunAtThenReady() {
        Instant at = clock.instant().plusSeconds(60);
        String id = enqueue(Task.builder("t").runAt(at).build());
        TaskInfo scheduled = info(id);
        assertThat(scheduled.state()).isEqualTo(TaskState.SCHEDULED);
        assertThat(scheduled.runAt()).isEqualTo(at);
        assertThat(scheduled.attempts()).isZero();
        assertThat(scheduled.lastError()).isNull();
        clock.advance(Duration.ofSeconds(60));
        assertThat(queue.ack(fetchOne())).isTrue();
        assertThat(broker.inspector().task(queue.name(), id)).isEmpty();
    }

    @Test
    void aHandedBackOrImmediatelyRetriedTaskIsReady() {
        String released = enqueue(Task.builder("t").build());
        Delivery first = fetchOne();
        assertThat(queue.release(first)).isTrue();
        assertThat(info(released).state()).isEqualTo(TaskState.READY);
        assertThat(info(released).attempts()).as("a handed back attempt is not counted").isZero();

        Delivery again = fetchOne();
        assertThat(queue.retry(again, Duration.ZERO, "try again")).isEqualTo(RetryResult.SCHEDULED);
        TaskInfo retried = info(released);
        assertThat(retried.state()).isEqualTo(TaskState.READY);
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.lastError()).isEqualTo("try again");
        assertThat(retried.runAt()).isNull();
    }

    @Test
    void anUnknownPurgedOrBadIdIsNotFound() {
        QueueInspector inspector = broker.inspector();
        assertThat(inspector.task(queue.name(), "no-such-task")).isEmpty();
        assertThat(inspector.task(newQueueName("never-used"), "no-such-task")).isEmpty();
        String ready = enqueue(Task.builder("t").build());
        String delayed = enqueue(Task.builder("t").delay(Duration.ofMinutes(5)).build());
        assertThat(inspector.purge(queue.name())).isEqualTo(2);
        assertThat(inspector.task(queue.name(), ready)).isEmpty();
        assertThat(inspector.task(queue.name(), delayed)).isEmpty();
        assertThatThrownBy(() -> inspector.task(queue.name(), "bad id!"))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("'id'");
        assertThatThrownBy(() -> inspector.task("bad queue!", "t1"))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("queue name");
    }

    @Test
    void aCallerChosenIdIsStoredOnceWhileItLives() {
        Task task = Task.builder("t").id("order-42").build();
        assertThat(queue.enqueue(task).accepted()).isTrue();
        assertThat(queue.enqueue(task).accepted()).as("the same id again while the first is ready").isFalse();
        Delivery d = fetchOne();
        assertThat(queue.enqueue(task).accepted()).as("the same id again while the first runs").isFalse();
        assertThat(queue.ack(d)).isTrue();
        assertNothingReady();
        assertThat(queue.enqueue(task).accepted()).as("the id is free once the task finished").isTrue();
        assertThat(info("order-42").state()).isEqualTo(TaskState.READY);
    }
}

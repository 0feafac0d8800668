package dev.spool.testkit;

import dev.spool.api.CancelResult;
import dev.spool.api.Delivery;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.QueueInspector;
import dev.spool.api.RetryResult;
import dev.spool.api.Task;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract clause 12, third part: cancellation by id. A scheduled or ready task is removed at once and
 * never delivered; a running one is flagged, its holder can read the flag, and every way its attempt
 * ends (retry, fail, release, an expired lease) ends it as cancelled, never retried; a handler that
 * finished first succeeds. Part of {@link TaskQueueContractTest}.
 */
public abstract class CancelContract extends ResultContract {

    private QueueInspector inspector() {
        return broker.inspector();
    }

    @Test
    void aReadyOrScheduledTaskIsCancelledAtOnceAndNeverDelivered() {
        String ready = enqueue(Task.builder("t").uniqueKey("u1").build());
        String later = enqueue(Task.builder("t").delay(Duration.ofMinutes(5)).retention(Duration.ofHours(1)).build());
        String other = enqueue(Task.builder("t").build());
        assertThat(inspector().cancel(queue.name(), ready)).isEqualTo(CancelResult.CANCELLED);
        assertThat(inspector().cancel(queue.name(), later)).isEqualTo(CancelResult.CANCELLED);
        assertThat(inspector().task(queue.name(), ready)).as("no retention: forgotten").isEmpty();
        TaskInfo kept = info(later);
        assertThat(kept.state()).isEqualTo(TaskState.CANCELLED);
        assertThat(kept.finishedAt()).isEqualTo(clock.instant());
        assertThat(kept.attempts()).isZero();
        String again = enqueue(Task.builder("t").uniqueKey("u1").build()); // its unique key was freed

        clock.advance(Duration.ofMinutes(6));
        List<Delivery> got = fetchNow(10);
        assertThat(got).extracting(Delivery::id).containsExactly(other, again);
        assertThat(queue.ackAll(got)).isEqualTo(2);
        assertThat(inspector().stats(queue.name()).pending()).isZero();
        assertThat(inspector().cancel(queue.name(), ready)).isEqualTo(CancelResult.NOT_FOUND);
        assertThat(inspector().cancel(queue.name(), later)).as("kept as cancelled").isEqualTo(CancelResult.ALREADY_FINAL);
    }

    @Test
    void aRunningTaskIsFlaggedAndItsAttemptEndsCancelledNeverRetried() {
        String id = enqueue(Task.builder("t").maxAttempts(5).retention(Duration.ofHours(1)).build());
        String bystander = enqueue(Task.builder("t").build());
        List<Delivery> got = fetchNow(2);
        Delivery d = got.get(0).id().equals(id) ? got.get(0) : got.get(1);
        Delivery other = got.get(0).id().equals(id) ? got.get(1) : got.get(0);
        assertThat(other.id()).isEqualTo(bystander);
        assertThat(queue.cancelRequests(got)).isEmpty();

        assertThat(inspector().cancel(queue.name(), id)).isEqualTo(CancelResult.REQUESTED);
        assertThat(queue.cancelRequests(got)).containsExactly(id);
        assertThat(info(id).state()).as("still running until its worker stops it").isEqualTo(TaskState.RUNNING);
        assertThat(inspector().cancel(queue.name(), id)).as("asked again").isEqualTo(CancelResult.REQUESTED);

        assertThat(queue.retry(d, Duration.ZERO, "interrupted")).isEqualTo(RetryResult.CANCELLED);
        TaskInfo done = info(id);
        assertThat(done.state()).isEqualTo(TaskState.CANCELLED);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(queue.ack(other)).isTrue();
        assertNothingReady();
        assertThat(inspector().stats(queue.name()).pending()).isZero();
        assertThat(inspector().stats(queue.name()).dead()).isZero();
    }

    @Test
    void aCancelledTaskThatIsHandedBackFailedOrWhoseLeaseRunsOutEndsCancelled() {
        String a = enqueue(Task.builder("t").maxAttempts(3).build());
        String b = enqueue(Task.builder("t").maxAttempts(3).build());
        String c = enqueue(Task.builder("t").maxAttempts(3).build());
        List<Delivery> got = queue.fetch(3, Duration.ZERO, Duration.ofSeconds(10));
        assertThat(got).extracting(Delivery::id).containsExactly(a, b, c);
        for (String id : List.of(a, b, c)) {
            assertThat(inspector().cancel(queue.name(), id)).isEqualTo(CancelResult.REQUESTED);
        }
        assertThat(queue.release(got.get(1))).as("handed back unstarted").isTrue();
        assertThat(queue.fail(got.get(2), "stopped")).isTrue();
        clock.advance(Duration.ofSeconds(11)); // a's lease runs out: the next fetch reaps it
        assertNothingReady();
        assertThat(queue.ack(got.get(0))).as("its lease is gone").isFalse();
        assertThat(inspector().stats(queue.name()).pending()).isZero();
        assertThat(inspector().stats(queue.name()).dead()).as("cancelled, not dead").isZero();
        for (String id : List.of(a, b, c)) {
            assertThat(inspector().task(queue.name(), id)).isEmpty();
        }
    }

    @Test
    void aHandlerThatFinishesFirstSucceedsAndALateAckAfterACancelChangesNothing() {
        String id = enqueue(Task.builder("t").retention(Duration.ofHours(1)).build());
        Delivery d = fetchOne();
        assertThat(inspector().cancel(queue.name(), id)).isEqualTo(CancelResult.REQUESTED);
        assertThat(queue.ack(d, "1")).isTrue();
        assertThat(info(id).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(queue.cancelRequests(List.of(d))).isEmpty();

        String handedBack = enqueue(Task.builder("t").build());
        Delivery first = fetchOne();
        assertThat(queue.release(first)).isTrue();
        assertThat(inspector().cancel(queue.name(), handedBack)).isEqualTo(CancelResult.CANCELLED);
        assertThat(queue.ack(first)).as("a late ack of a cancelled task").isFalse();
        assertNothingReady();
    }

    @Test
    void aDeadLetterAnUnknownOrABadIdIsNotCancelled() {
        String id = enqueue(Task.builder("t").build());
        assertThat(queue.fail(fetchOne(), "broken")).isTrue();
        assertThat(inspector().cancel(queue.name(), id)).isEqualTo(CancelResult.ALREADY_FINAL);
        assertThat(info(id).state()).isEqualTo(TaskState.DEAD);
        assertThat(inspector().cancel(queue.name(), "no-such-task")).isEqualTo(CancelResult.NOT_FOUND);
        assertThatThrownBy(() -> inspector().cancel(queue.name(), "bad id"))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("'id'");
    }
}

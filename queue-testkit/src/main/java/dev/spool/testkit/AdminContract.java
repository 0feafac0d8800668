package dev.spool.testkit;

import dev.spool.api.DeleteResult;
import dev.spool.api.Delivery;
import dev.spool.api.HistoryPoint;
import dev.spool.api.HistoryScale;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.QueueInspector;
import dev.spool.api.QueueStats;
import dev.spool.api.RetryResult;
import dev.spool.api.RunNowResult;
import dev.spool.api.Task;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract clause 11, history and latency, and administration by id for the dashboard: a queue's throughput
 * history ({@link QueueInspector#history}) counts what the totals of {@link QueueStats} count, in the current
 * minute and hour, in exactly {@link HistoryScale#points()} points oldest first; {@link QueueStats#latency()} is
 * the age of the oldest ready task; a scheduled task is run now ({@link QueueInspector#runNow}) where its
 * runAt would have put it, and a task in any other state is left alone; a task in any state but running is
 * deleted ({@link QueueInspector#delete}) with its unique key, and no fetch returns it after. Part of
 * {@link TaskQueueContractTest}.
 */
public abstract class AdminContract extends TaskPageContract {
    private static final long MINUTE = 60_000;

    private QueueInspector inspector() {
        return broker.inspector();
    }

    /** Moves the clock to {@code second} seconds past the next whole minute, so that a test's steps stay in one minute. */
    private void toSecondOfNextMinute(int second) {
        clock.advance(Duration.ofMillis(MINUTE - clock.millis() % MINUTE + second * 1_000L));
    }

    /** One delivery with a lease of an hour, which the clock's steps in these tests do not run out. */
    private Delivery fetchLong() {
        List<Delivery> got = queue.fetch(1, Duration.ZERO, Duration.ofHours(1));
        assertThat(got).as("one delivery ready").hasSize(1);
        return got.get(0);
    }

    private static HistoryPoint last(List<HistoryPoint> h) {
        return h.get(h.size() - 1);
    }

    @Test
    void historyCountsAcksAndFailuresInTheCurrentMinuteAndHour() {
        toSecondOfNextMinute(10);
        for (int i = 0; i < 5; i++) {
            enqueue(Task.builder("h").maxAttempts(3).build());
        }
        List<Delivery> d = fetchNow(5);
        assertThat(d).hasSize(5);
        assertThat(queue.ackAll(List.of(d.get(0), d.get(1)))).isEqualTo(2);
        assertThat(queue.retry(d.get(2), Duration.ofMinutes(5), "again")).isEqualTo(RetryResult.SCHEDULED);
        assertThat(queue.fail(d.get(3), "broken")).isTrue();
        assertThat(queue.release(d.get(4))).as("handed back unstarted: not counted").isTrue();
        List<Delivery> again = queue.fetch(1, Duration.ZERO, Duration.ofSeconds(1));
        assertThat(again).extracting(Delivery::id).containsExactly(d.get(4).id());
        clock.advance(Duration.ofSeconds(2)); // its lease runs out: the next fetch counts it, as retried
        Delivery third = fetchOne();
        assertThat(third.id()).isEqualTo(d.get(4).id());
        assertThat(queue.ack(third)).isTrue();

        QueueStats s = inspector().stats(queue.name());
        assertThat(List.of(s.processed(), s.failed())).as("totals: 2 acks, a retry, a fail, an expired lease, an ack")
                .containsExactly(6L, 3L);
        long minute = clock.millis() / MINUTE * MINUTE;
        List<HistoryPoint> minutes = inspector().history(queue.name(), HistoryScale.MINUTES);
        assertThat(minutes).hasSize(1440);
        assertThat(last(minutes)).isEqualTo(new HistoryPoint(Instant.ofEpochMilli(minute), 6, 3));
        assertThat(minutes.subList(0, 1439)).as("nothing before this minute")
                .allSatisfy(p -> assertThat(List.of(p.processed(), p.failed())).containsOnly(0L));
        List<HistoryPoint> hours = inspector().history(queue.name(), HistoryScale.HOURS);
        assertThat(hours).hasSize(720);
        long hour = clock.millis() / (60 * MINUTE) * (60 * MINUTE);
        assertThat(last(hours)).isEqualTo(new HistoryPoint(Instant.ofEpochMilli(hour), 6, 3));
        assertThat(hours.get(718).processed()).isZero();

        // a minute later: a new minute bucket; the hour bucket adds up, unless the hour turned too
        clock.advance(Duration.ofMinutes(1));
        enqueue(Task.of("h", "{}"));
        assertThat(queue.ack(fetchOne())).isTrue();
        minutes = inspector().history(queue.name(), HistoryScale.MINUTES);
        assertThat(last(minutes)).isEqualTo(new HistoryPoint(Instant.ofEpochMilli(minute + MINUTE), 1, 0));
        assertThat(minutes.get(1438)).isEqualTo(new HistoryPoint(Instant.ofEpochMilli(minute), 6, 3));
        hours = inspector().history(queue.name(), HistoryScale.HOURS);
        assertThat(hours.get(718).processed() + last(hours).processed()).isEqualTo(7);
        assertThat(hours.get(718).failed() + last(hours).failed()).isEqualTo(3);
    }

    @Test
    void historyHasEveryPointOfItsScaleOldestFirstAndItsRingForgetsWhatIsOlder() {
        for (HistoryScale scale : HistoryScale.values()) {
            List<HistoryPoint> h = inspector().history(queue.name(), scale);
            assertThat(h).as("%s points", scale).hasSize(scale.points());
            long step = scale.step().toMillis();
            assertThat(last(h).start().toEpochMilli()).as("the last is the current bucket").isEqualTo(clock.millis() / step * step);
            for (int i = 1; i < h.size(); i++) {
                assertThat(h.get(i).start()).isEqualTo(h.get(i - 1).start().plus(scale.step()));
            }
            assertThat(h).allSatisfy(p -> assertThat(List.of(p.processed(), p.failed())).containsOnly(0L));
        }
        assertThat(HistoryScale.MINUTES.points()).isEqualTo(1440);
        assertThat(HistoryScale.HOURS.points()).isEqualTo(720);

        toSecondOfNextMinute(5);
        enqueue(Task.of("h", "{}"));
        assertThat(queue.fail(fetchOne(), "broken")).isTrue();
        // a day later the minute ring's slot of that minute is reused: it starts again from zero
        clock.advance(Duration.ofDays(1));
        List<HistoryPoint> day = inspector().history(queue.name(), HistoryScale.MINUTES);
        assertThat(day).as("a day ago is out of the minute scale").allSatisfy(p -> assertThat(p.processed()).isZero());
        enqueue(Task.of("h", "{}"));
        assertThat(queue.ack(fetchOne())).isTrue();
        day = inspector().history(queue.name(), HistoryScale.MINUTES);
        assertThat(last(day).processed()).isEqualTo(1);
        assertThat(last(day).failed()).as("the old counts of the reused slot are gone").isZero();
        List<HistoryPoint> month = inspector().history(queue.name(), HistoryScale.HOURS);
        assertThat(month.stream().mapToLong(HistoryPoint::processed).sum()).as("both are within 30 days").isEqualTo(2);
        assertThat(month.stream().mapToLong(HistoryPoint::failed).sum()).isEqualTo(1);
        assertThat(month.get(719 - 24).failed()).as("the failure, 24 hours back").isEqualTo(1);
    }

    @Test
    void latencyIsZeroWithNothingReadyAndGrowsWithTheOldestReadyTasksAge() {
        assertThat(inspector().stats(queue.name()).latency()).as("an empty queue").isZero();
        toSecondOfNextMinute(10); // the clock 10 s or more ahead of the server's, which a backend may read an entry's age from
        String low = enqueue(Task.builder("l").priority(0).build());
        assertThat(inspector().stats(queue.name()).latency()).as("ready just now").isZero();
        clock.advance(Duration.ofSeconds(30));
        String high = enqueue(Task.builder("l").priority(5).build());
        clock.advance(Duration.ofSeconds(30));
        assertThat(inspector().stats(queue.name()).latency()).as("the oldest of the heads of every priority")
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(fetchLong().id()).isEqualTo(high);
        clock.advance(Duration.ofSeconds(15));
        assertThat(inspector().stats(queue.name()).latency()).isEqualTo(Duration.ofSeconds(75));
        assertThat(fetchLong().id()).isEqualTo(low);
        assertThat(inspector().stats(queue.name()).latency()).as("nothing ready, two running").isZero();

        String later = enqueue(Task.builder("l").runAt(clock.instant().plusSeconds(20)).build());
        clock.advance(Duration.ofSeconds(10));
        assertThat(inspector().stats(queue.name()).latency()).as("scheduled, not due").isZero();
        clock.advance(Duration.ofSeconds(40));
        assertThat(inspector().stats(queue.name()).latency()).as("due 30 s ago, not fetched yet: counted from its runAt")
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(fetchLong().id()).isEqualTo(later);
        assertThat(inspector().stats(queue.name()).latency()).isZero();
    }

    @Test
    void runNowMakesAScheduledTaskReadyWhereItsRunAtWouldHavePutItKeepingItsUniqueKey() {
        String waiting = enqueue(Task.builder("r").delay(Duration.ofHours(1)).uniqueKey("run-now-" + queue.name()).build());
        String urgent = enqueue(Task.builder("r").priority(5).delay(Duration.ofHours(2)).build());
        String first = enqueue(Task.of("r", "{}"));
        assertThat(info(waiting).state()).isEqualTo(TaskState.SCHEDULED);

        assertThat(inspector().runNow(queue.name(), waiting)).isEqualTo(RunNowResult.READY);
        assertThat(inspector().runNow(queue.name(), urgent)).isEqualTo(RunNowResult.READY);
        TaskInfo now = info(waiting);
        assertThat(now.state()).isEqualTo(TaskState.READY);
        assertThat(now.attempts()).isZero();
        assertThat(now.runAt()).isNull();
        assertThat(queue.enqueue(Task.builder("r").uniqueKey("run-now-" + queue.name()).build()).accepted())
                .as("it still holds its unique key").isFalse();
        QueueStats s = inspector().stats(queue.name());
        assertThat(List.of(s.ready(), s.delayed())).containsExactly(3L, 0L);
        assertThat(inspector().tasks(queue.name(), TaskState.READY, 0, 10)).extracting(TaskInfo::id)
                .as("by priority, then behind the tasks ready before it").containsExactly(urgent, first, waiting);
        List<Delivery> got = fetchNow(3);
        assertThat(got).extracting(Delivery::id).containsExactly(urgent, first, waiting);
        assertThat(got.get(2).attempt()).isEqualTo(1);
        assertThat(inspector().runNow(queue.name(), waiting)).as("running").isEqualTo(RunNowResult.NOT_SCHEDULED);
        assertThat(queue.ackAll(got)).isEqualTo(3);
        assertThat(inspector().runNow(queue.name(), waiting)).as("gone").isEqualTo(RunNowResult.NOT_FOUND);
        clock.advance(Duration.ofHours(3));
        assertNothingReady();
    }

    @Test
    void runNowOfATaskWaitingForARetryKeepsItsAttemptsAndError() {
        String id = enqueue(Task.builder("r").maxAttempts(3).build());
        assertThat(queue.retry(fetchOne(), Duration.ofHours(1), "boom")).isEqualTo(RetryResult.SCHEDULED);
        assertThat(info(id).state()).isEqualTo(TaskState.SCHEDULED);
        assertThat(inspector().runNow(queue.name(), id)).isEqualTo(RunNowResult.READY);
        TaskInfo ready = info(id);
        assertThat(ready.state()).isEqualTo(TaskState.READY);
        assertThat(ready.attempts()).isEqualTo(1);
        assertThat(ready.lastError()).isEqualTo("boom");
        Delivery second = fetchOne();
        assertThat(second.id()).isEqualTo(id);
        assertThat(second.attempt()).as("the second of its three").isEqualTo(2);
        assertThat(inspector().stats(queue.name()).delayed()).isZero();
        assertThat(queue.ack(second)).isTrue();
    }

    @Test
    void runNowChangesNothingForATaskReadyRunningDeadFinishedOrUnknown() {
        String ready = enqueue(Task.of("r", "{}"));
        String running = enqueue(Task.of("r", "{}"));
        String dead = enqueue(Task.of("r", "{}"));
        String kept = enqueue(Task.builder("r").retention(Duration.ofHours(1)).build());
        List<Delivery> got = fetchNow(4);
        assertThat(got).extracting(Delivery::id).containsExactly(ready, running, dead, kept);
        assertThat(queue.release(got.get(0))).isTrue();
        assertThat(queue.fail(got.get(2), "broken")).isTrue();
        assertThat(queue.ack(got.get(3))).isTrue();
        for (String id : List.of(ready, running, dead, kept)) {
            TaskState before = info(id).state();
            assertThat(inspector().runNow(queue.name(), id)).as("%s", before).isEqualTo(RunNowResult.NOT_SCHEDULED);
            assertThat(info(id).state()).isEqualTo(before);
        }
        assertThat(inspector().runNow(queue.name(), "no-such-task")).isEqualTo(RunNowResult.NOT_FOUND);
        assertThatThrownBy(() -> inspector().runNow(queue.name(), "bad id")).isInstanceOf(InvalidTaskException.class)
                .extracting(e -> ((InvalidTaskException) e).field()).isEqualTo("id");
        assertThat(fetchOne().id()).as("the released task, still first").isEqualTo(ready);
    }

    /** Enqueues a task with unique key {@code key}, held until it finishes, or for an hour from enqueue. */
    private String enqueueUnique(String key, boolean window, Task.Builder b) {
        b.uniqueKey(key + "-" + queue.name());
        return enqueue((window ? b.uniqueFor(Duration.ofHours(1)) : b).build());
    }

    private boolean keyIsFree(String key) {
        return queue.enqueue(Task.builder("d").uniqueKey(key + "-" + queue.name()).delay(Duration.ofDays(2)).build())
                .accepted();
    }

    @Test
    void deleteRemovesATaskInEveryStateButRunningWithItsUniqueKeyAndNothingIsFetchedAfter() {
        String scheduled = enqueueUnique("held", false, Task.builder("d").delay(Duration.ofHours(1)));
        String ready = enqueueUnique("window", true, Task.builder("d"));
        String retrying = enqueue(Task.builder("d").maxAttempts(3).build());
        String dead = enqueueUnique("dead", true, Task.builder("d").priority(1));
        String kept = enqueue(Task.builder("d").priority(2).retention(Duration.ofHours(1)).build());
        String cancelled = enqueue(Task.builder("d").delay(Duration.ofHours(1)).retention(Duration.ofHours(1)).build());
        List<Delivery> got = queue.fetch(3, Duration.ZERO, Duration.ofHours(1));
        assertThat(got).extracting(Delivery::id).containsExactly(kept, dead, ready);
        assertThat(queue.ack(got.get(0), "{\"done\":true}")).isTrue();
        assertThat(queue.fail(got.get(1), "broken")).isTrue();
        assertThat(queue.release(got.get(2))).isTrue(); // handed back: ready again (on redis-stream, in the PEL)
        List<Delivery> second = fetchNow(2);
        assertThat(second).extracting(Delivery::id).containsExactly(ready, retrying);
        assertThat(queue.release(second.get(0))).isTrue();
        assertThat(queue.progress(second.get(1), 40, "{\"step\":2}")).isTrue();
        assertThat(queue.retry(second.get(1), Duration.ofHours(1), "again")).isEqualTo(RetryResult.SCHEDULED);
        assertThat(inspector().cancel(queue.name(), cancelled)).isEqualTo(dev.spool.api.CancelResult.CANCELLED);
        assertThat(keyIsFree("window")).as("held for its window").isFalse();
        assertThat(keyIsFree("dead")).as("a dead letter's window still holds").isFalse();
        assertThat(keyIsFree("held")).isFalse();

        List<String> all = List.of(scheduled, ready, retrying, dead, kept, cancelled);
        List<TaskState> states = all.stream().map(id -> info(id).state()).toList();
        assertThat(states).containsExactly(TaskState.SCHEDULED, TaskState.READY, TaskState.SCHEDULED, TaskState.DEAD,
                TaskState.SUCCEEDED, TaskState.CANCELLED);
        for (String id : all) {
            assertThat(inspector().delete(queue.name(), id)).as("%s", id).isEqualTo(DeleteResult.DELETED);
            assertThat(inspector().task(queue.name(), id)).isEmpty();
        }
        for (String id : all) {
            assertThat(inspector().delete(queue.name(), id)).as("again").isEqualTo(DeleteResult.NOT_FOUND);
        }
        QueueStats s = inspector().stats(queue.name());
        assertThat(List.of(s.ready(), s.delayed(), s.inFlight(), s.dead())).containsOnly(0L);
        assertThat(inspector().deadLetters(queue.name(), 0, 10)).isEmpty();
        for (String key : List.of("held", "window", "dead")) {
            assertThat(keyIsFree(key)).as("the unique key %s is free", key).isTrue();
        }
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertNothingReady();
        clock.advance(Duration.ofDays(2));
        assertThat(fetchNow(10)).as("only the three unique-key probes").hasSize(3)
                .extracting(Delivery::id).doesNotContainAnyElementsOf(all);
    }

    @Test
    void aRunningTaskIsNotDeletedAndItsWorkerSettlesIt() {
        String id = enqueue(Task.builder("d").uniqueKey("running-" + queue.name()).build());
        Delivery d = fetchOne();
        assertThat(inspector().delete(queue.name(), id)).isEqualTo(DeleteResult.RUNNING);
        TaskInfo still = info(id);
        assertThat(still.state()).isEqualTo(TaskState.RUNNING);
        assertThat(queue.enqueue(Task.builder("d").uniqueKey("running-" + queue.name()).build()).accepted()).isFalse();
        assertThat(queue.ack(d)).as("its lease still holds").isTrue();
        assertThat(inspector().delete(queue.name(), id)).isEqualTo(DeleteResult.NOT_FOUND);
        assertThat(inspector().delete(queue.name(), "no-such-task")).isEqualTo(DeleteResult.NOT_FOUND);
        assertThatThrownBy(() -> inspector().delete(queue.name(), "bad id")).isInstanceOf(InvalidTaskException.class)
                .extracting(e -> ((InvalidTaskException) e).field()).isEqualTo("id");
        assertThatThrownBy(() -> inspector().delete("bad queue", id)).isInstanceOf(InvalidTaskException.class)
                .extracting(e -> ((InvalidTaskException) e).field()).isEqualTo("queue");
    }

    @Test
    void aDeletedTaskHandedBackOrNeverReadLeavesTheOthersInOrder() {
        String a = enqueue(Task.of("d", "{\"n\":1}"));
        String b = enqueue(Task.of("d", "{\"n\":2}"));
        String c = enqueue(Task.of("d", "{\"n\":3}"));
        String e = enqueue(Task.of("d", "{\"n\":4}"));
        List<Delivery> two = queue.fetch(2, Duration.ZERO, Duration.ofHours(1));
        assertThat(two).extracting(Delivery::id).containsExactly(a, b);
        assertThat(queue.release(two.get(0))).isTrue();
        assertThat(queue.release(two.get(1))).isTrue();
        assertThat(inspector().delete(queue.name(), a)).as("handed back").isEqualTo(DeleteResult.DELETED);
        assertThat(inspector().delete(queue.name(), c)).as("never read").isEqualTo(DeleteResult.DELETED);
        assertThat(queue.ack(two.get(0))).as("a late ack of the deleted task").isFalse();
        assertThat(inspector().tasks(queue.name(), TaskState.READY, 0, 10)).extracting(TaskInfo::id).containsExactly(b, e);
        List<Delivery> rest = fetchNow(10);
        assertThat(rest).extracting(Delivery::id).containsExactly(b, e);
        assertThat(queue.ackAll(rest)).isEqualTo(2);
        assertThat(inspector().stats(queue.name()).pending()).isZero();
    }

    @Test
    void historyOfABadQueueOrWithoutAScaleIsRefusedNamingTheField() {
        assertThatThrownBy(() -> inspector().history(queue.name(), null)).isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("HistoryScale.MINUTES").extracting(e -> ((InvalidTaskException) e).field())
                .isEqualTo("scale");
        assertThatThrownBy(() -> inspector().history("bad queue", HistoryScale.HOURS)).isInstanceOf(InvalidTaskException.class)
                .extracting(e -> ((InvalidTaskException) e).field()).isEqualTo("queue");
    }
}

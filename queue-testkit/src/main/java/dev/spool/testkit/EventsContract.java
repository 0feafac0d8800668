package dev.spool.testkit;

import dev.spool.api.CancelResult;
import dev.spool.api.Delivery;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.QueueEvent;
import dev.spool.api.QueueEvent.Kind;
import dev.spool.api.QueueEvents;
import dev.spool.api.QueueInspector;
import dev.spool.api.QueueSettings;
import dev.spool.api.RetryResult;
import dev.spool.api.Task;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract clause 12, fifth part: the queue's event log and settings. Every state change is in the log,
 * in order, written with the change; a reader gets what came after the id it passes and waits on the
 * server for more; the log is capped and can be turned off; the queue's retention keeps tasks that set
 * none; and a producer waits for a task's outcome, woken by its event. Part of {@link TaskQueueContractTest}.
 */
public abstract class EventsContract extends ProgressContract {

    private QueueInspector inspector() {
        return broker.inspector();
    }

    private List<QueueEvent> all() {
        return inspector().events(queue.name(), QueueEvents.START, 10_000, Duration.ZERO);
    }

    /** An event id as a number that orders like it. */
    private static java.math.BigInteger id(String eventId) {
        String[] p = eventId.split("-");
        return new java.math.BigInteger(p[0]).shiftLeft(64).add(new java.math.BigInteger(p[1]));
    }

    private List<String> story(String id) {
        List<String> out = new ArrayList<>();
        for (QueueEvent e : all()) {
            if (e.taskId().equals(id)) {
                out.add(e.kind().label() + (e.attempt() > 0 ? "#" + e.attempt() : ""));
            }
        }
        return out;
    }

    @Test
    void everyStateChangeIsInTheLogInOrder() {
        String a = enqueue(Task.builder("t").maxAttempts(3).build());
        Delivery d = fetchOne();
        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.progress(d, 40, null)).isTrue();
        assertThat(queue.retry(d, Duration.ZERO, "smtp down")).isEqualTo(RetryResult.SCHEDULED);
        Delivery again = fetchOne();
        assertThat(queue.ack(again)).isTrue();
        assertThat(story(a)).containsExactly("enqueued", "started#1", "progress#1", "retried#1", "started#2",
                "succeeded#2");

        QueueEvent progress = all().stream().filter(e -> e.kind() == Kind.PROGRESS).findFirst().orElseThrow();
        assertThat(progress.percent()).isEqualTo(40);
        assertThat(progress.at()).isEqualTo(clock.instant());
        assertThat(progress.queue()).isEqualTo(queue.name());
        QueueEvent retried = all().stream().filter(e -> e.kind() == Kind.RETRIED).findFirst().orElseThrow();
        assertThat(retried.error()).isEqualTo("smtp down");
        assertThat(retried.runAt()).isEqualTo(clock.instant());

        String b = enqueue(Task.builder("t").maxAttempts(1).build());
        Delivery db = fetchOne();
        assertThat(queue.fail(db, "bad address")).isTrue();
        assertThat(inspector().requeueDead(queue.name(), b)).isTrue();
        Delivery back = fetchOne();
        assertThat(queue.release(back)).isTrue();
        assertThat(inspector().cancel(queue.name(), b)).isEqualTo(CancelResult.CANCELLED);
        assertThat(story(b)).containsExactly("enqueued", "started#1", "dead#1", "enqueued", "started#1", "released",
                "cancelled");
        assertThat(all().stream().filter(e -> e.kind() == Kind.DEAD).findFirst().orElseThrow().error())
                .isEqualTo("bad address");

        String c = enqueue(Task.builder("t").maxAttempts(2).runAt(clock.instant().plusSeconds(30)).build());
        QueueEvent scheduled = all().get(all().size() - 1);
        assertThat(scheduled.kind()).isEqualTo(Kind.ENQUEUED);
        assertThat(scheduled.runAt()).isEqualTo(clock.instant().plusSeconds(30));
        clock.advance(Duration.ofSeconds(31));
        queue.fetch(1, Duration.ZERO, Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(6));
        queue.fetch(1, Duration.ZERO, Duration.ofSeconds(5)); // reaps the expired lease, then leases it again
        clock.advance(Duration.ofSeconds(6));
        assertThat(fetchNow(1)).as("its last attempt's lease ran out: a dead letter").isEmpty();
        assertThat(story(c)).containsExactly("enqueued", "started#1", "retried#1", "started#2", "dead#2");
        assertThat(all().stream().filter(e -> e.taskId().equals(c) && e.kind() == Kind.RETRIED).findFirst()
                .orElseThrow().error()).contains("lease expired");

        List<QueueEvent> log = all();
        for (int i = 1; i < log.size(); i++) {
            assertThat(id(log.get(i).id())).as("ids never go back (a batch shares one)")
                    .isGreaterThanOrEqualTo(id(log.get(i - 1).id()));
        }
        assertThat(inspector().lastEventId(queue.name())).isEqualTo(log.get(log.size() - 1).id());
    }

    @Test
    void aReaderGetsWhatCameAfterItsPositionAndWaitsOnTheServerForMore() throws Exception {
        assertThat(inspector().lastEventId(queue.name())).isEqualTo(QueueEvents.START);
        assertThat(inspector().events(queue.name(), QueueEvents.START, 10, Duration.ZERO)).isEmpty();
        enqueue(Task.of("t", "{}"));
        String mark = inspector().lastEventId(queue.name());
        String second = enqueue(Task.of("t", "{}"));
        List<QueueEvent> after = inspector().events(queue.name(), mark, 10, Duration.ZERO);
        assertThat(after).extracting(QueueEvent::taskId).containsExactly(second);
        assertThat(inspector().events(queue.name(), QueueEvents.START, 1, Duration.ZERO)).hasSize(1);

        String beforeBatch = inspector().lastEventId(queue.name());
        List<String> batch = queue.enqueueAll(List.of(Task.of("t", "{}"), Task.of("t", "{}"), Task.of("t", "{}")))
                .stream().map(r -> r.taskId()).toList();
        List<Delivery> fetched = fetchNow(10);
        List<QueueEvent> batchEvents = inspector().events(queue.name(), beforeBatch, 100, Duration.ZERO);
        assertThat(batchEvents).filteredOn(e -> e.kind() == Kind.ENQUEUED).extracting(QueueEvent::taskId)
                .containsExactlyElementsOf(batch);
        assertThat(batchEvents).filteredOn(e -> e.kind() == Kind.STARTED).extracting(QueueEvent::taskId)
                .containsExactlyInAnyOrderElementsOf(fetched.stream().map(Delivery::id).toList());
        assertThat(batchEvents).filteredOn(e -> e.kind() == Kind.STARTED).extracting(QueueEvent::attempt)
                .containsOnly(1);
        assertThat(queue.ackAll(fetched)).isEqualTo(fetched.size());

        String beforeBig = inspector().lastEventId(queue.name());
        List<Task> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(Task.of("t", "{}"));
        }
        queue.enqueueAll(fifty);
        List<QueueEvent> big = inspector().events(queue.name(), beforeBig, 100, Duration.ZERO);
        assertThat(big).hasSize(50);
        assertThat(big.stream().collect(java.util.stream.Collectors.groupingBy(QueueEvent::id,
                java.util.stream.Collectors.counting())).values()).as("at most 20 events share an entry")
                .allMatch(n -> n <= 20);
        assertThat(inspector().events(queue.name(), batchEvents.get(batchEvents.size() - 1).id(), 100, Duration.ZERO))
                .filteredOn(e -> e.kind() == Kind.SUCCEEDED).hasSize(fetched.size());

        String last = inspector().lastEventId(queue.name());
        CompletableFuture<List<QueueEvent>> waiting = CompletableFuture.supplyAsync(
                () -> inspector().events(queue.name(), last, 10, Duration.ofSeconds(20)));
        Thread.sleep(100);
        assertThat(waiting).as("nothing new yet: it waits").isNotDone();
        long before = System.nanoTime();
        String third = enqueue(Task.of("t", "{}"));
        List<QueueEvent> woke = waiting.get(10, TimeUnit.SECONDS);
        assertThat(woke).extracting(QueueEvent::taskId).containsExactly(third);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).as("woken by the event, not the timeout")
                .isLessThan(Duration.ofSeconds(5));

        assertThatThrownBy(() -> inspector().events(queue.name(), "not-an-id", 10, Duration.ZERO))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("not-an-id");
        assertThatThrownBy(() -> inspector().events(queue.name(), QueueEvents.START, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max");
    }

    @Test
    void theLogIsCappedAndCanBeTurnedOff() {
        assertThat(inspector().settings(queue.name())).isEqualTo(QueueSettings.DEFAULTS);
        inspector().configure(queue.name(), QueueSettings.DEFAULTS.withEventsKept(100));
        assertThat(inspector().settings(queue.name()).eventsKept()).isEqualTo(100);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            ids.add(enqueue(Task.of("t", "{}"))); // one entry each: the cap counts entries
        }
        List<QueueEvent> kept = all();
        assertThat(kept.size()).as("about 100 kept (Redis trims whole stream nodes)").isBetween(100, 300);
        assertThat(kept.get(kept.size() - 1).taskId()).isEqualTo(ids.get(ids.size() - 1));

        inspector().configure(queue.name(), QueueSettings.DEFAULTS.withEventsKept(0));
        assertThat(inspector().settings(queue.name()).eventsOn()).isFalse();
        assertThat(all()).as("the log is dropped").isEmpty();
        Delivery d = fetchOne();
        assertThat(queue.ack(d)).isTrue();
        assertThat(all()).as("nothing is written while it is off").isEmpty();
        assertThat(inspector().lastEventId(queue.name())).isEqualTo(QueueEvents.START);
    }

    @Test
    void theQueuesRetentionKeepsTasksThatSetNone() {
        inspector().configure(queue.name(), QueueSettings.DEFAULTS.withRetention(Duration.ofMinutes(10)));
        assertThat(inspector().settings(queue.name()).retention()).isEqualTo(Duration.ofMinutes(10));
        String plain = enqueue(Task.of("t", "{}"));
        String own = enqueue(Task.builder("t").retention(Duration.ofMinutes(1)).build());
        String cancelled = enqueue(Task.of("t", "{}"));
        List<Delivery> got = fetchNow(2);
        assertThat(queue.ack(got.get(0), "\"first\"")).isTrue();
        assertThat(queue.ack(got.get(1))).isTrue();
        assertThat(inspector().cancel(queue.name(), cancelled)).isEqualTo(CancelResult.CANCELLED);
        assertThat(info(plain).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(info(plain).result()).isEqualTo("\"first\"");
        assertThat(info(cancelled).state()).isEqualTo(TaskState.CANCELLED);
        clock.advance(Duration.ofMinutes(2));
        assertThat(inspector().task(queue.name(), own)).as("its own retention wins").isEmpty();
        assertThat(info(plain).state()).isEqualTo(TaskState.SUCCEEDED);
        clock.advance(Duration.ofMinutes(9));
        assertThat(inspector().task(queue.name(), plain)).isEmpty();

        inspector().configure(queue.name(), QueueSettings.DEFAULTS);
        String after = enqueue(Task.of("t", "{}"));
        assertThat(queue.ack(fetchOne())).isTrue();
        assertThat(inspector().task(queue.name(), after)).as("no retention again").isEmpty();
        assertThatThrownBy(() -> QueueSettings.DEFAULTS.withRetention(Duration.ofDays(91)))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("retention");
        assertThatThrownBy(() -> QueueSettings.DEFAULTS.withEventsKept(-1))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("eventsKept");
    }

    @Test
    void aProducerWaitsForTheOutcomeWokenByTheTasksEvent() throws Exception {
        String id = enqueue(Task.builder("parse").retention(Duration.ofHours(1)).build());
        Delivery d = fetchOne();
        CompletableFuture<Optional<TaskInfo>> waiting = CompletableFuture.supplyAsync(
                () -> inspector().awaitOutcome(queue.name(), id, Duration.ofSeconds(30)));
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        for (int i = 0; i < 5; i++) {
            enqueue(Task.of("noise", "{}")); // other tasks' events do not end the wait
        }
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        long before = System.nanoTime();
        assertThat(queue.ack(d, "{\"lines\":3}")).isTrue();
        TaskInfo done = waiting.get(10, TimeUnit.SECONDS).orElseThrow();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(done.result()).isEqualTo("{\"lines\":3}");

        String slow = enqueue(Task.of("t", "{}"));
        TaskInfo still = inspector().awaitOutcome(queue.name(), slow, Duration.ofMillis(100)).orElseThrow();
        assertThat(still.state()).as("the timeout came first").isEqualTo(TaskState.READY);
        assertThat(inspector().awaitOutcome(queue.name(), "no-such-task", Duration.ofSeconds(5))).isEmpty();

        inspector().configure(queue.name(), QueueSettings.DEFAULTS.withEventsKept(0));
        String quiet = enqueue(Task.builder("t").retention(Duration.ofHours(1)).build());
        Delivery dq = fetchNow(10).stream().filter(x -> x.id().equals(quiet)).findFirst().orElseThrow();
        CompletableFuture<Optional<TaskInfo>> polling = CompletableFuture.supplyAsync(
                () -> broker.events(queue.name()).awaitOutcome(quiet, Duration.ofSeconds(30)));
        Thread.sleep(50);
        assertThat(queue.fail(dq, "no log")).isTrue();
        assertThat(polling.get(10, TimeUnit.SECONDS).orElseThrow().state()).as("without a log: polled")
                .isEqualTo(TaskState.DEAD);
    }
}

package dev.spool.security;

import dev.spool.api.Broker;
import dev.spool.api.CancelResult;
import dev.spool.api.DeadLetter;
import dev.spool.api.DeleteResult;
import dev.spool.api.Delivery;
import dev.spool.api.HistoryPoint;
import dev.spool.api.HistoryScale;
import dev.spool.api.QueueEvent;
import dev.spool.api.QueueEvents;
import dev.spool.api.QueueInspector;
import dev.spool.api.QueueSettings;
import dev.spool.api.RateLimit;
import dev.spool.api.RetryResult;
import dev.spool.api.RunNowResult;
import dev.spool.api.Schedule;
import dev.spool.api.Schedules;
import dev.spool.api.Task;
import dev.spool.api.TaskInfo;
import dev.spool.api.TypeLimit;
import dev.spool.api.TaskQueue;
import dev.spool.api.TaskState;
import dev.spool.api.WorkerInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every operation of the port, the inspector and the registry, once: what a restricted Redis user must allow. */
final class Workload {
    private Workload() {
    }

    static void exercise(Broker broker, String queue) {
        broker.ping();
        TaskQueue q = broker.queue(queue);
        QueueInspector in = broker.inspector();
        String a = q.enqueue(Task.builder("w").payload("{\"n\":1}").priority(5).uniqueKey("k1").build()).taskId();
        assertThat(q.enqueue(Task.builder("w").uniqueKey("k1").build()).accepted()).isFalse();
        q.enqueueAll(List.of(Task.of("w", "{\"n\":2}"), Task.of("w", "{\"n\":3}")));
        q.enqueue(Task.builder("w").runAt(Instant.now().plusSeconds(3600)).build());
        List<Delivery> got = q.fetch(3, Duration.ofSeconds(2));
        assertThat(got).hasSize(3);
        assertThat(got.get(0).id()).isEqualTo(a);
        assertThat(q.renew(got.get(0), Duration.ofSeconds(60))).isTrue();
        assertThat(q.ack(got.get(0))).isTrue();
        assertThat(q.fail(got.get(1), "boom")).isTrue();
        q.retry(got.get(2), Duration.ofMillis(1), "again");
        List<Delivery> again = q.fetch(1, Duration.ofSeconds(5));
        assertThat(again).hasSize(1);
        assertThat(q.release(again.get(0))).isTrue();
        assertThat(q.fetch(1, Duration.ofMillis(200))).hasSize(1); // blocks briefly on the server
        assertThat(q.fetch(1, Duration.ofMillis(300))).isEmpty();  // nothing ready: a real blocking wait
        assertThat(in.queues()).contains(queue);
        assertThat(in.stats(queue).dead()).isEqualTo(1);
        List<DeadLetter> dead = in.deadLetters(queue, 0, 10);
        assertThat(dead).hasSize(1);
        assertThat(in.requeueDead(queue, dead.get(0).id())).isTrue();
        in.pause(queue);
        assertThat(q.fetch(1, Duration.ZERO)).isEmpty();
        in.resume(queue);
        Delivery d = q.fetch(1, Duration.ofSeconds(2)).get(0);
        q.fail(d, "again");
        assertThat(in.deleteDead(queue, d.id())).isTrue();
        q.enqueue(Task.builder("w").uniqueKey("k2").build()); // a task holding a unique key: purged one by one
        assertThat(in.purge(queue)).isGreaterThanOrEqualTo(2);
        q.enqueue(Task.of("w", "{}")); // no task holds a unique key now: redis-list UNLINKs the lists whole
        assertThat(in.purge(queue)).isEqualTo(1);
        in.requeueAllDead(queue);
        in.deleteAllDead(queue);
        // the lifecycle: lookup by id, progress, a result kept with a retention, cancellation in every state
        String kept = q.enqueue(Task.builder("w").retention(Duration.ofMinutes(5)).build()).taskId();
        String ready = q.enqueue(Task.of("w", "{}")).taskId();
        String later = q.enqueue(Task.builder("w").runAt(Instant.now().plusSeconds(3600)).build()).taskId();
        assertThat(in.task(queue, ready).orElseThrow().state()).isEqualTo(TaskState.READY);
        Delivery k = q.fetch(1, Duration.ofSeconds(2)).get(0);
        assertThat(k.id()).isEqualTo(kept);
        assertThat(q.cancelRequests(List.of(k))).isEmpty();
        assertThat(q.progress(k, 50, "{\"half\":true}")).isTrue();
        assertThat(in.task(queue, kept).orElseThrow().progress().percent()).isEqualTo(50);
        assertThat(q.ack(k, "{\"ok\":true}")).isTrue();
        assertThat(in.task(queue, kept).orElseThrow().result()).isEqualTo("{\"ok\":true}");
        assertThat(in.cancel(queue, ready)).isEqualTo(CancelResult.CANCELLED);
        assertThat(in.cancel(queue, later)).isEqualTo(CancelResult.CANCELLED);
        String running = q.enqueue(Task.of("w", "{}")).taskId();
        Delivery r = q.fetch(1, Duration.ofSeconds(2)).get(0);
        assertThat(in.cancel(queue, running)).isEqualTo(CancelResult.REQUESTED);
        assertThat(q.cancelRequests(List.of(r))).containsExactly(running);
        assertThat(q.retry(r, Duration.ZERO, "stopped")).isEqualTo(RetryResult.CANCELLED);
        assertThat(in.cancel(queue, kept)).isEqualTo(CancelResult.ALREADY_FINAL);
        // the event log (written with pcall in the scripts: a missing permission would drop events silently)
        assertThat(in.events(queue, QueueEvents.START, 1000, Duration.ZERO)).extracting(QueueEvent::kind)
                .contains(QueueEvent.Kind.ENQUEUED, QueueEvent.Kind.STARTED, QueueEvent.Kind.PROGRESS,
                        QueueEvent.Kind.SUCCEEDED, QueueEvent.Kind.CANCELLED);
        assertThat(in.lastEventId(queue)).isNotEqualTo(QueueEvents.START);
        in.configure(queue, QueueSettings.DEFAULTS.withRetention(Duration.ofMinutes(1)).withEventsKept(0));
        assertThat(in.settings(queue).eventsOn()).isFalse();
        in.configure(queue, QueueSettings.DEFAULTS);
        // flow control: limits (their window key is written with ZADD and expired with PEXPIRE), a task
        // handed back for later, deadlines (a dead letter, and a drop), and schedules
        in.configure(queue, QueueSettings.DEFAULTS.withRate(RateLimit.of(2, Duration.ofHours(1))).withConcurrency(5));
        q.enqueueAll(List.of(Task.of("w", "{}"), Task.of("w", "{}"), Task.of("w", "{}")));
        List<Delivery> limited = q.fetch(3, Duration.ofSeconds(2));
        assertThat(limited).hasSize(2);
        assertThat(q.release(limited.get(0), Duration.ofHours(1))).isTrue();
        assertThat(q.ack(limited.get(1))).isTrue();
        assertThat(q.fetch(3, Duration.ZERO)).as("held back by the rate").isEmpty();
        // limits of one type: its slots (a ZSET and a HASH) written at fetch, freed at ack, moved at renew
        in.configure(queue, QueueSettings.DEFAULTS.withTypeLimit("w", new TypeLimit(RateLimit.of(10, Duration.ofHours(1)), 1)));
        q.enqueue(Task.of("other", "{}"));
        List<Delivery> typed = q.fetch(3, Duration.ofSeconds(2));
        assertThat(typed).extracting(t -> t.task().type()).as("one w, and the other type past the held-back w")
                .containsExactlyInAnyOrder("w", "other");
        assertThat(q.renew(typed.get(0), Duration.ofMinutes(1))).isTrue();
        // pages of tasks by state (read-only scripts)
        assertThat(in.tasks(queue, TaskState.RUNNING, 0, 10)).extracting(i -> i.id())
                .containsAll(typed.stream().map(Delivery::id).toList());
        assertThat(in.tasks(queue, TaskState.SCHEDULED, 0, 10)).allSatisfy(i -> assertThat(i.state()).isEqualTo(TaskState.SCHEDULED));
        assertThat(in.tasks(queue, TaskState.READY, 0, 10)).isEmpty();
        assertThat(in.tasks(queue, TaskState.DEAD, 0, 10)).allSatisfy(i -> assertThat(i.state()).isEqualTo(TaskState.DEAD));
        assertThat(q.ackAll(typed)).isEqualTo(2);
        in.configure(queue, QueueSettings.DEFAULTS);
        assertThat(in.purge(queue)).isEqualTo(1);
        q.enqueue(Task.builder("w").expiresAt(Instant.now().minusSeconds(60)).build());
        q.enqueue(Task.builder("w").expiresAt(Instant.now().minusSeconds(60)).dropExpired(true).build());
        assertThat(q.fetch(5, Duration.ZERO)).isEmpty();
        assertThat(in.stats(queue).expired()).isEqualTo(2);
        Schedules schedules = broker.schedules();
        String name = "workload-" + queue;
        schedules.put(Schedule.builder(name).queue(queue).every(Duration.ofSeconds(1)).task(Task.of("w", "{}")).build());
        assertThat(schedules.trigger(name)).hasValueSatisfying(e -> assertThat(e.accepted()).isTrue());
        assertThat(schedules.pause(name)).isTrue();
        assertThat(schedules.resume(name)).isTrue();
        schedules.fireDue();
        assertThat(schedules.list()).extracting(i -> i.schedule().name()).contains(name);
        assertThat(schedules.remove(name)).isTrue();
        in.purge(queue);
        in.deleteAllDead(queue);
        // what the dashboard reads and does by id: latency (the heads of the ready lists), a page of ready
        // tasks, run now, delete in each state, history
        String soon = q.enqueue(Task.builder("w").runAt(Instant.now().plusSeconds(3600)).uniqueKey("k3").build()).taskId();
        String first = q.enqueue(Task.of("w", "{}")).taskId();
        assertThat(in.stats(queue).latency()).isLessThan(Duration.ofMinutes(1));
        assertThat(in.tasks(queue, TaskState.READY, 0, 10)).extracting(TaskInfo::id).containsExactly(first);
        assertThat(in.runNow(queue, soon)).isEqualTo(RunNowResult.READY);
        assertThat(in.runNow(queue, soon)).isEqualTo(RunNowResult.NOT_SCHEDULED);
        Delivery held = q.fetch(1, Duration.ofSeconds(2)).get(0);
        assertThat(held.id()).isEqualTo(first);
        assertThat(in.delete(queue, first)).isEqualTo(DeleteResult.RUNNING);
        assertThat(q.fail(held, "to be deleted")).isTrue();
        assertThat(in.delete(queue, first)).as("a dead letter").isEqualTo(DeleteResult.DELETED);
        assertThat(in.delete(queue, soon)).as("ready, holding k3").isEqualTo(DeleteResult.DELETED);
        assertThat(in.delete(queue, soon)).isEqualTo(DeleteResult.NOT_FOUND);
        assertThat(q.enqueue(Task.builder("w").uniqueKey("k3").build()).accepted()).isTrue();
        long processed = in.stats(queue).processed();
        for (HistoryScale scale : HistoryScale.values()) {
            List<HistoryPoint> h = in.history(queue, scale);
            assertThat(h).hasSize(scale.points());
            assertThat(h.stream().mapToLong(HistoryPoint::processed).sum()).as("%s history", scale).isEqualTo(processed);
        }
        in.purge(queue);
        WorkerInfo w = new WorkerInfo("acl-worker", "host", 1, List.of(queue), 1, 0, Instant.now(), Instant.now());
        broker.workers().heartbeat(w, Duration.ofSeconds(30));
        assertThat(broker.workers().list()).extracting(WorkerInfo::id).contains("acl-worker");
        broker.workers().deregister("acl-worker");
    }
}

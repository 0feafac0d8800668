package dev.spool.testkit;

import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.Schedule;
import dev.spool.api.ScheduleInfo;
import dev.spool.api.Schedules;
import dev.spool.api.Task;
import dev.spool.api.spi.ScheduleStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract clause 13, first part: schedules. A schedule is kept by name and declared again without
 * change; each tick is fired once however many brokers fire at the same moment; a paused schedule
 * lets its ticks pass; missed ticks fire once or are skipped, as the schedule says. The broker's clock
 * is the test's, so no test waits for a tick. Part of {@link TaskQueueContractTest}.
 */
public abstract class ScheduleContract extends EventsContract {
    private final List<String> made = new ArrayList<>();

    /** A schedule name of this test's own: the schedules of a backend are shared by every queue. */
    private String name(String hint) {
        String n = newQueueName(hint);
        made.add(n);
        return n;
    }

    @AfterEach
    void removeSchedules() {
        if (broker != null) {
            made.forEach(broker.schedules()::remove);
        }
    }

    private Schedule every(String name, Duration interval) {
        return Schedule.builder(name).queue(queue.name()).every(interval)
                .task(Task.builder("tick").payload("{\"n\":1}").priority(3).header("from", "contract").build()).build();
    }

    private List<Delivery> drain() {
        List<Delivery> out = new ArrayList<>();
        for (List<Delivery> got = fetchNow(100); !got.isEmpty(); got = fetchNow(100)) {
            out.addAll(got);
            got.forEach(queue::ack);
        }
        return out;
    }

    private static List<String> ticks(List<Delivery> ds) {
        return ds.stream().map(d -> d.task().headers().get(Schedule.TICK_HEADER)).toList();
    }

    @Test
    void aScheduleIsKeptByNameAndDeclaredAgainUnchanged() {
        Schedules schedules = broker.schedules();
        String name = name("kept");
        Schedule s = every(name, Duration.ofMinutes(15));
        assertThat(schedules.put(s)).isEqualTo(ScheduleStore.Put.CREATED);
        assertThat(schedules.put(s)).as("declared again unchanged").isEqualTo(ScheduleStore.Put.UNCHANGED);
        ScheduleInfo info = schedules.get(name).orElseThrow();
        assertThat(info.schedule()).isEqualTo(s);
        assertThat(info.paused()).isFalse();
        assertThat(info.lastFired()).isNull();
        assertThat(info.nextFire()).isAfter(clock.instant()).isBeforeOrEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(schedules.list()).extracting(i -> i.schedule().name()).contains(name);

        Schedule cron = Schedule.builder(name).queue(queue.name()).cron("0 30 2 * * *").zone("Europe/Berlin")
                .task(Task.of("report", "{}")).build();
        assertThat(schedules.put(cron)).isEqualTo(ScheduleStore.Put.UPDATED);
        assertThat(schedules.get(name).orElseThrow().schedule()).isEqualTo(cron);
        assertThat(schedules.get(name).orElseThrow().lastTick()).as("state kept").isEqualTo(info.lastTick());

        assertThat(schedules.remove(name)).isTrue();
        assertThat(schedules.get(name)).isEmpty();
        assertThat(schedules.remove(name)).isFalse();
        assertThat(schedules.pause(name)).isFalse();
        assertThat(schedules.trigger(name)).isEmpty();
    }

    @Test
    void eachTickIsFiredOnceAcrossThreeBrokers() throws Exception {
        String name = name("once");
        broker.schedules().put(every(name, Duration.ofSeconds(1)));
        List<Broker> others = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                others.add(openBroker(clock, Map.of()));
            }
            others.add(broker);
            CyclicBarrier together = new CyclicBarrier(others.size());
            int rounds = 6;
            List<CompletableFuture<Integer>> firing = new ArrayList<>();
            for (Broker b : others) {
                firing.add(CompletableFuture.supplyAsync(() -> {
                    int fired = 0;
                    for (int r = 0; r < rounds; r++) {
                        await(together);
                        if (b == broker) {
                            clock.advance(Duration.ofSeconds(1));
                        }
                        await(together);
                        fired += b.schedules().fireDue();
                    }
                    return fired;
                }));
            }
            int fired = 0;
            for (CompletableFuture<Integer> f : firing) {
                fired += f.get(60, TimeUnit.SECONDS);
            }
            List<Delivery> got = drain();
            assertThat(ticks(got)).as("one task per tick, every tick").hasSize(rounds).doesNotHaveDuplicates();
            assertThat(fired).as("fireDue counts of all brokers").isEqualTo(rounds);
            for (Delivery d : got) {
                assertThat(d.task().headers()).containsEntry(Schedule.SCHEDULE_HEADER, name).containsEntry("from", "contract");
                assertThat(d.task().type()).isEqualTo("tick");
                assertThat(d.task().priority()).isEqualTo(3);
                assertThat(Instant.parse(d.task().headers().get(Schedule.TICK_HEADER)).toEpochMilli() % 1000).isZero();
            }
            ScheduleInfo info = broker.schedules().get(name).orElseThrow();
            assertThat(info.lastFired()).isEqualTo(info.lastTick())
                    .isEqualTo(Instant.parse(ticks(got).stream().max(String::compareTo).orElseThrow()));
        } finally {
            others.remove(broker);
            others.forEach(Broker::close);
        }
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPausedScheduleLetsItsTicksPassAndResumesAtTheNext() {
        Schedules schedules = broker.schedules();
        String name = name("paused");
        schedules.put(every(name, Duration.ofSeconds(1)));
        assertThat(schedules.pause(name)).isTrue();
        clock.advance(Duration.ofSeconds(3));
        assertThat(schedules.fireDue()).isZero();
        assertThat(schedules.get(name).orElseThrow().paused()).isTrue();

        Optional<EnqueueResult> now = schedules.trigger(name);
        assertThat(now).hasValueSatisfying(r -> assertThat(r.accepted()).isTrue());
        assertThat(schedules.trigger(name)).as("a trigger holds no unique key")
                .hasValueSatisfying(r -> assertThat(r.accepted()).isTrue());

        assertThat(schedules.resume(name)).isTrue();
        assertThat(schedules.fireDue()).as("ticks passed while paused").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(schedules.fireDue()).isEqualTo(1);
        List<Delivery> got = drain();
        assertThat(got).hasSize(3);
        assertThat(got.get(0).id()).isEqualTo(now.get().taskId());
    }

    @Test
    void missedTicksFireOnceOrAreSkipped() {
        Schedules schedules = broker.schedules();
        String once = name("missedonce");
        String skip = name("missedskip");
        Task task = Task.of("hourly", "{}");
        schedules.put(Schedule.builder(once).queue(queue.name()).cron("0 0 * * * *").task(task).build());
        schedules.put(Schedule.builder(skip).queue(queue.name()).cron("0 0 * * * *").task(task)
                .missed(Schedule.Missed.SKIP).build());
        Instant hour = schedules.get(once).orElseThrow().nextFire();
        clock.advance(Duration.between(clock.instant(), hour).plus(Duration.ofHours(2)).plusMinutes(5));

        assertThat(schedules.fireDue()).as("three ticks missed: the ONCE schedule fires the latest, once").isEqualTo(1);
        List<Delivery> got = drain();
        assertThat(got).hasSize(1);
        assertThat(got.get(0).task().headers()).containsEntry(Schedule.SCHEDULE_HEADER, once)
                .containsEntry(Schedule.TICK_HEADER, hour.plus(Duration.ofHours(2)).toString());
        assertThat(schedules.get(skip).orElseThrow().lastTick()).as("skipped, not fired")
                .isEqualTo(hour.plus(Duration.ofHours(2)));
        assertThat(schedules.get(skip).orElseThrow().lastFired()).isNull();

        clock.advance(Duration.ofMinutes(55).plusSeconds(30));
        assertThat(schedules.fireDue()).as("the next tick, noticed at once, fires on both").isEqualTo(2);
        assertThat(drain()).hasSize(2);
    }
}

package dev.spool.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Schedules' checks and tick arithmetic; firing across backends is in the conformance suite. */
class ScheduleTest {
    private static final Task TASK = Task.of("report", "{\"day\":true}");

    private static Schedule.Builder named(String name) {
        return Schedule.builder(name).queue("reports").task(TASK);
    }

    @Test
    void aBadCronExpressionIsRefusedWithTheParsersReasonAndAnExample() {
        assertThatThrownBy(() -> named("nightly").cron("0 0 25 * * *").build())
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("schedule 'nightly'").hasMessageContaining("'0 0 25 * * *' is invalid (")
                .hasMessageContaining("'0 30 2 * * *'")
                .satisfies(e -> assertThat(((InvalidTaskException) e).field()).isEqualTo("cron"));
        assertThatThrownBy(() -> named("n").cron("every night").build()).hasMessageContaining("is invalid (");
        assertThatThrownBy(() -> named("n").cron("0 0 0 30 2 *").build()).hasMessageContaining("never fires");
    }

    @Test
    void aBadZoneIntervalOrTemplateIsRefusedNamingTheField() {
        assertThatThrownBy(() -> named("n").cron("0 0 * * * *").zone("Mars/Olympus")).isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("'Mars/Olympus' is not known").hasMessageContaining("Europe/Berlin");
        assertThatThrownBy(() -> named("n").every(Duration.ofMillis(500)).build()).hasMessageContaining("at least 1s");
        assertThatThrownBy(() -> Schedule.builder("n").queue("q").every(Duration.ofMinutes(1)).build())
                .hasMessageContaining("has no task");
        assertThatThrownBy(() -> named("n").build()).hasMessageContaining("exactly one of").hasMessageContaining("neither");
        assertThatThrownBy(() -> named("n").task(TASK.toBuilder().uniqueKey("k").build()).every(Duration.ofHours(1)).build())
                .hasMessageContaining("has a unique key; leave it unset");
        assertThatThrownBy(() -> named("n").task(TASK.toBuilder().header(Schedule.TICK_HEADER, "x").build())
                .every(Duration.ofHours(1)).build()).hasMessageContaining(Schedule.TICK_HEADER);
        assertThatThrownBy(() -> named("bad name").every(Duration.ofHours(1)).build())
                .satisfies(e -> assertThat(((InvalidTaskException) e).field()).isEqualTo("name"));
        assertThatThrownBy(() -> named("n").queue("bad queue").every(Duration.ofHours(1)).build())
                .satisfies(e -> assertThat(((InvalidTaskException) e).field()).isEqualTo("queue"));
        assertThatThrownBy(() -> new Schedule("n", "q", TASK, null, ZoneId.of("Europe/Paris"), Duration.ofHours(1), null))
                .hasMessageContaining("a zone applies to cron expressions only");
    }

    @Test
    void intervalTicksAreWholeMultiplesSinceTheEpoch() {
        Schedule s = named("n").every(Duration.ofMinutes(15)).build();
        Instant t = Instant.parse("2026-12-05T10:07:31Z");
        assertThat(ScheduleTicks.next(s, t)).isEqualTo(Instant.parse("2026-12-05T10:15:00Z"));
        assertThat(ScheduleTicks.next(s, Instant.parse("2026-12-05T10:15:00Z"))).isEqualTo(Instant.parse("2026-12-05T10:30:00Z"));
        assertThat(ScheduleTicks.latest(s, t, t.plus(Duration.ofMinutes(5)))).isNull();
        assertThat(ScheduleTicks.latest(s, t, Instant.parse("2026-12-05T11:00:00Z"))).isEqualTo(Instant.parse("2026-12-05T11:00:00Z"));
        assertThat(ScheduleTicks.latest(s, t, Instant.parse("2026-12-05T11:14:59Z"))).isEqualTo(Instant.parse("2026-12-05T11:00:00Z"));
    }

    @Test
    void cronTicksFollowTheZoneAcrossDaylightSavingTime() {
        Schedule s = named("n").cron("0 30 2 * * *").zone("Europe/Berlin").build();
        // 2027-03-28: clocks go from 02:00 to 03:00 in Berlin, so 02:30 does not exist that day
        Instant before = ZonedDateTime.parse("2027-03-27T03:00:00+01:00[Europe/Berlin]").toInstant();
        Instant next = ScheduleTicks.next(s, before);
        assertThat(next.atZone(ZoneId.of("Europe/Berlin")).toLocalDate()).isIn(
                java.time.LocalDate.parse("2027-03-28"), java.time.LocalDate.parse("2027-03-29"));
        Instant winter = ScheduleTicks.next(s, Instant.parse("2026-12-05T00:00:00Z"));
        assertThat(winter).isEqualTo(Instant.parse("2026-12-05T01:30:00Z"));
        Instant summer = ScheduleTicks.next(s, Instant.parse("2027-07-01T00:00:00Z"));
        assertThat(summer).isEqualTo(Instant.parse("2027-07-01T00:30:00Z"));
    }

    @Test
    void cronLatestTickIsTheLastAtOrBeforeNowAndAfterTheLastHandled() {
        Schedule s = named("n").cron("0 0 * * * *").build();
        Instant last = Instant.parse("2026-12-05T10:00:00Z");
        assertThat(ScheduleTicks.latest(s, last, Instant.parse("2026-12-05T10:59:59Z"))).isNull();
        assertThat(ScheduleTicks.latest(s, last, Instant.parse("2026-12-05T11:00:00Z"))).isEqualTo(Instant.parse("2026-12-05T11:00:00Z"));
        assertThat(ScheduleTicks.latest(s, last, Instant.parse("2026-12-05T13:20:00Z"))).isEqualTo(Instant.parse("2026-12-05T13:00:00Z"));
        Schedule unix = named("n").cron("*/5 * * * *").build();
        assertThat(ScheduleTicks.next(unix, Instant.parse("2026-12-05T10:03:10Z"))).isEqualTo(Instant.parse("2026-12-05T10:05:00Z"));
    }

    @Test
    void ticksOfTheLastMinuteAllFireAndOlderOnesFireOnceOrAreSkipped() {
        Schedule perSecond = named("n").every(Duration.ofSeconds(1)).build();
        Instant last = Instant.parse("2026-12-05T10:00:00Z");
        assertThat(ScheduleTicks.due(perSecond, last, last.plusMillis(3500))).as("a 3 s stall: every tick, each once")
                .extracting(ScheduleTicks.Due::at)
                .containsExactly(last.plusSeconds(1), last.plusSeconds(2), last.plusSeconds(3));
        java.util.List<ScheduleTicks.Due> hour = ScheduleTicks.due(perSecond, last, last.plus(Duration.ofHours(1)));
        assertThat(hour).hasSize(61);
        assertThat(hour.get(0)).as("the missed ticks, once").isEqualTo(new ScheduleTicks.Due(last.plusSeconds(3540), true));
        assertThat(hour.get(60).at()).isEqualTo(last.plus(Duration.ofHours(1)));

        Schedule skip = named("n").every(Duration.ofSeconds(1)).missed(Schedule.Missed.SKIP).build();
        assertThat(ScheduleTicks.due(skip, last, last.plus(Duration.ofHours(1))).get(0).fire()).isFalse();
        Schedule nightly = named("n").cron("0 0 2 * * *").missed(Schedule.Missed.SKIP).build();
        assertThat(ScheduleTicks.due(nightly, last, Instant.parse("2026-12-06T08:00:00Z")))
                .containsExactly(new ScheduleTicks.Due(Instant.parse("2026-12-06T02:00:00Z"), false));
        assertThat(ScheduleTicks.due(nightly, last, Instant.parse("2026-12-06T02:00:59Z")))
                .containsExactly(new ScheduleTicks.Due(Instant.parse("2026-12-06T02:00:00Z"), true));
    }

    @Test
    void theStoredFormReadsBackEqual() {
        Task template = Task.builder("mail").payload("{\"to\":\"a@b\"}").priority(7).maxAttempts(3).timeout(Duration.ofMinutes(2))
                .retention(Duration.ofHours(1)).header("tenant", "acme").build();
        Schedule cron = Schedule.builder("weekly").queue("mail").task(template).cron("0 0 9 * * MON").zone("America/New_York")
                .missed(Schedule.Missed.SKIP).build();
        Schedule every = Schedule.builder("often").queue("mail").task(template).every(Duration.ofSeconds(90)).build();
        assertThat(Schedules.decode("weekly", Schedules.encode(cron))).isEqualTo(cron);
        assertThat(Schedules.decode("often", Schedules.encode(every))).isEqualTo(every);
        assertThat(cron.describe()).isEqualTo("cron '0 0 9 * * MON' in America/New_York");
        assertThat(every.describe()).isEqualTo("every 90s");
    }
}

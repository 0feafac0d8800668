package dev.spool.test;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManualClockTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void itStandsStillUntilMovedAndOnlyMovesForward() {
        ManualClock clock = ManualClock.startingAt(T0.plusNanos(123_456));
        assertThat(clock.instant()).as("kept to the millisecond").isEqualTo(T0);

        clock.advance(Duration.ofSeconds(90));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(90));
        assertThat(clock.advanceTo(T0)).isZero();
        assertThat(clock.instant()).as("advanceTo an earlier time leaves it").isEqualTo(T0.plusSeconds(90));
        assertThat(clock.advanceTo(T0.plusSeconds(100).plusNanos(1))).isEqualTo(Duration.ofMillis(10_001));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only moves forward");
    }

    @Test
    void aClockInAnotherZoneSharesItsTime() {
        ManualClock clock = ManualClock.startingAt(T0);
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofHours(1));
        assertThat(paris.instant()).isEqualTo(T0.plusSeconds(3600));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(ManualClock.startingNow().instant()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions
                .within(Duration.ofSeconds(5)));
    }
}

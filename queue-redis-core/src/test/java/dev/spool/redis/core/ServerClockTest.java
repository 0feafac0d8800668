package dev.spool.redis.core;

import dev.spool.api.BackendException;
import dev.spool.api.Task;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerClockTest {

    /** A server whose clock is {@code offsetMs} from this machine's, answering TIME as Redis does (strings). */
    private static ServerClock.Source server(AtomicLong offsetMs) {
        return () -> {
            long micros = (System.currentTimeMillis() + offsetMs.get()) * 1_000;
            return List.of(Long.toString(micros / 1_000_000), Long.toString(micros % 1_000_000));
        };
    }

    @Test
    void readsTheServersTimeAndRunsOnFromIt() throws Exception {
        AtomicLong offset = new AtomicLong(-60_000); // this machine a minute ahead of the server
        Clock clock = ServerClock.of(Clock.systemUTC(), true, "redis-x", "Redis at test", server(offset));
        try (ServerClock c = (ServerClock) clock) {
            long local = System.currentTimeMillis();
            long server = c.millis();
            assertThat(server).isCloseTo(local - 60_000, org.assertj.core.data.Offset.offset(50L));
            assertThat(c.offsetMillis()).isCloseTo(-60_000L, org.assertj.core.data.Offset.offset(50L));
            long a = c.millis();
            Thread.sleep(30);
            assertThat(c.millis() - a).as("time runs on between readings").isBetween(25L, 200L);
            assertThat(c.instant().toEpochMilli()).isCloseTo(c.millis(), org.assertj.core.data.Offset.offset(5L));
            assertThat(c.getZone()).isEqualTo(ZoneOffset.UTC);
        }
    }

    @Test
    void aDelayAndADeadlineAreMovedOntoTheServersClockAndOtherTasksAreNot() {
        AtomicLong offset = new AtomicLong(90_000);
        try (ServerClock c = (ServerClock) ServerClock.of(Clock.systemUTC(), true, "redis-x", "Redis at test", server(offset))) {
            Instant now = Instant.ofEpochMilli(c.millis());
            Task delayed = Task.builder("t").delay(Duration.ofMinutes(1)).build();
            Task stored = ServerClock.enqueued(c, delayed, now);
            assertThat(Duration.between(now, stored.runAt()).toMillis()).as("a minute by the server's clock")
                    .isCloseTo(60_000L, org.assertj.core.data.Offset.offset(100L));
            assertThat(stored.createdAt()).isEqualTo(now);
            assertThat(stored.id()).isNotNull();
            Task plain = ServerClock.enqueued(c, Task.builder("t").build(), now);
            assertThat(plain.runAt()).isNull();
            Task expiring = ServerClock.enqueued(c, Task.builder("t").expiresIn(Duration.ofMinutes(2)).build(), now);
            assertThat(Duration.between(now, expiring.expiresAt()).toMillis()).as("a deadline of two minutes, by the server's clock")
                    .isCloseTo(120_000L, org.assertj.core.data.Offset.offset(100L));
            assertThat(expiring.runAt()).isNull();
        }
        Clock fake = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        Task delayed = Task.builder("t").runAt(Instant.parse("2026-01-01T00:01:00Z")).build();
        assertThat(ServerClock.enqueued(fake, delayed, fake.instant()).runAt()).isEqualTo(delayed.runAt());
    }

    @Test
    void aTestsClockOrOptionLocalIsKeptAsItIs() {
        Clock fake = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        ServerClock.Source never = () -> {
            throw new AssertionError("TIME must not be read");
        };
        assertThat(ServerClock.of(fake, true, "redis-x", "Redis at test", never)).isSameAs(fake);
        Clock system = Clock.systemUTC();
        assertThat(ServerClock.of(system, false, "redis-x", "Redis at test", never)).isSameAs(system);
        assertThat(ServerClock.useServer(null, "redis-x")).isTrue();
        assertThat(ServerClock.useServer(" LOCAL ", "redis-x")).isFalse();
    }

    @Test
    void aServerWhoseTimeCannotBeReadIsRefusedNamingTheFix() {
        ServerClock.Source denied = () -> {
            throw new IllegalStateException("NOPERM this user has no permissions to run the 'time' command");
        };
        assertThatThrownBy(() -> ServerClock.of(Clock.systemUTC(), true, "redis-x", "Redis at test", denied))
                .isInstanceOf(BackendException.class)
                .hasMessageStartingWith("redis-x: cannot read the time of Redis at test (TIME")
                .hasMessageContaining("NOPERM").hasMessageContaining("+time").hasMessageContaining("clock=local");
        assertThatThrownBy(() -> ServerClock.micros(List.of("12"))).isInstanceOf(BackendException.class)
                .hasMessageContaining("not [seconds, microseconds]");
        assertThat(ServerClock.micros(List.of("12".getBytes(), "5".getBytes()))).isEqualTo(12_000_005L);
    }

    @Test
    void aSlowReadingIsDroppedAndAFailedRefreshKeepsTheLastOne() {
        AtomicLong offset = new AtomicLong(0);
        AtomicLong delayMs = new AtomicLong(0);
        ServerClock.Source source = () -> {
            Object reply = server(offset).time();
            sleep(delayMs.get());
            return reply;
        };
        try (ServerClock c = (ServerClock) ServerClock.of(Clock.systemUTC(), true, "redis-x", "Redis at test", source)) {
            offset.set(10_000);
            delayMs.set(ServerClock.MAX_RTT_MS + 100);
            c.measure();
            assertThat(c.offsetMillis()).as("a reading across a long round trip is not trusted").isBetween(-50L, 50L);
            delayMs.set(0);
            c.measure();
            assertThat(c.offsetMillis()).isCloseTo(10_000L, org.assertj.core.data.Offset.offset(50L));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

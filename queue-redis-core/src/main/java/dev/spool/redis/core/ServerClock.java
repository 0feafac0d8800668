package dev.spool.redis.core;

import dev.spool.api.BackendException;
import dev.spool.api.SpoolException;
import dev.spool.api.Task;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Redis server's time, the one clock for everything a Redis adapter stores in Redis: lease
 * deadlines, {@code runAt}, reaping, heartbeats and unique windows. Workers whose own clocks
 * disagree (by a minute, or by an NTP step) then still agree on when a lease runs out, so none
 * steals a live lease and none keeps a dead one.
 *
 * <p>How: {@code TIME} is read from the server at connect and every {@value #REFRESH_SECONDS} s;
 * between readings the time runs on from the last one by this JVM's monotonic clock
 * ({@link System#nanoTime()}), never by its wall clock, so a step of the machine's clock changes
 * nothing. A reading is taken at the middle of its round trip (off by at most half of it); one
 * whose round trip took longer than {@value #MAX_RTT_MS} ms (a reconnect in between) is dropped
 * while an earlier one exists. A failed refresh keeps the last reading.
 *
 * <p>When this machine's clock is {@value #WARN_MS} ms or more away from the server's, one warning
 * says so with the offset (and again only when the offset has moved by that much more).
 *
 * <p>The backend option {@value #OPTION} picks it: {@code server} (the default) or {@code local}
 * (this machine's clock, as before: for a Redis user not allowed {@code TIME}). A clock passed in
 * {@link dev.spool.api.BackendConfig} other than the system clock (a test's fake clock) is used as it is.
 */
public final class ServerClock extends Clock implements AutoCloseable {
    /** The backend option that picks the clock: {@code server} or {@code local}. */
    public static final String OPTION = "clock";
    /** The script that reads {@code TIME}, sent by both adapters. */
    public static final LuaScript SCRIPT = LuaScript.load(ServerClock.class, "lua/", "time");
    static final long REFRESH_SECONDS = 30;
    static final long MAX_RTT_MS = 250;
    static final long WARN_MS = 1_000;

    private static final System.Logger LOG = System.getLogger(ServerClock.class.getName());
    private static final Class<?> SYSTEM_CLOCK = Clock.systemUTC().getClass();

    /** Reads the server's {@code TIME} reply ({@code [seconds, microseconds]}) through the adapter's client. */
    @FunctionalInterface
    public interface Source {
        Object time();
    }

    /** The server's time in µs at the JVM's {@code nanoTime} {@code nanos}. */
    private record Reading(long serverMicros, long nanos) {
    }

    private final String backend;
    private final String where;
    private final Source source;
    private final ScheduledExecutorService refresher;
    private volatile Reading last;
    private long warnedOffset; // the offset last warned about; 0: none (guarded by this)

    private ServerClock(String backend, String where, Source source) {
        this.backend = backend;
        this.where = where;
        this.source = source;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spool-server-clock");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The clock an adapter reads: {@code configured} when it is not the system clock or when
     * {@code server} is false (option {@value #OPTION}{@code =local}); else a server clock, read once now.
     *
     * @param backend the adapter's name and {@code where} the server, for messages
     * @throws BackendException when the server's time cannot be read (naming the fix)
     */
    public static Clock of(Clock configured, boolean server, String backend, String where, Source source) {
        if (!server || configured.getClass() != SYSTEM_CLOCK) {
            return configured;
        }
        ServerClock clock = new ServerClock(backend, where, source);
        try {
            clock.measure();
            clock.measure(); // the first round trip may include loading the script: the second is the closer reading
        } catch (RuntimeException e) {
            clock.close();
            throw new BackendException(backend + ": cannot read the time of " + where + " (TIME, used as the one clock "
                    + "of leases and delays): " + e.getMessage() + "; allow +time to a restricted user, or set backend "
                    + "option '" + OPTION + "=local' to use each machine's own clock", e);
        }
        clock.refresher.scheduleWithFixedDelay(clock::refresh, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
        return clock;
    }

    /** True for {@code server} (also when unset), false for {@code local}. */
    static boolean useServer(String choice, String backend) {
        String v = choice == null ? "server" : choice.trim();
        if (v.equalsIgnoreCase("server") || v.equalsIgnoreCase("local")) {
            return v.equalsIgnoreCase("server");
        }
        throw new SpoolException(backend + ": backend option '" + OPTION + "' is '" + v + "'; use server (the default: "
                + "the Redis server's time for leases and delays) or local (each machine's own clock)");
    }

    /**
     * {@code task} as an enqueue stores it: {@linkplain Task#stamped stamped} at {@code now}, attempt
     * 0, and its {@code runAt} and {@code expiresAt}, which the producer's delay and deadline put on
     * this machine's clock, moved onto {@code clock} (the server's: a delay or a deadline of a minute is
     * a minute by the server's time, however wrong this machine's clock is).
     */
    public static Task enqueued(Clock clock, Task task, Instant now) {
        Task t = task.stamped(now).withAttempt(0);
        if (!(clock instanceof ServerClock s) || (t.runAt() == null && t.expiresAt() == null)) {
            return t;
        }
        long offset = s.offsetMillis();
        if (t.runAt() != null) {
            t = t.withRunAt(t.runAt().plusMillis(offset));
        }
        return t.expiresAt() == null ? t : t.toBuilder().expiresAt(t.expiresAt().plusMillis(offset)).build();
    }

    /** The server's time minus this machine's wall clock, in ms, now. */
    public long offsetMillis() {
        return millis() - System.currentTimeMillis();
    }

    @Override
    public long millis() {
        Reading r = last;
        return (r.serverMicros + (System.nanoTime() - r.nanos) / 1_000) / 1_000;
    }

    @Override
    public Instant instant() {
        Reading r = last;
        long micros = r.serverMicros + (System.nanoTime() - r.nanos) / 1_000;
        return Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone); // not used by the adapters; a copy at this instant
    }

    /** Stops the refreshes. */
    @Override
    public void close() {
        refresher.shutdownNow();
    }

    private void refresh() {
        try {
            measure();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> backend + ": reading the time of " + where + " failed ("
                    + e.getMessage() + "); the last reading goes on");
        }
    }

    /** Reads TIME once and keeps it when its round trip was short (or there is no reading yet). */
    void measure() {
        long before = System.nanoTime();
        Object reply = source.time();
        long after = System.nanoTime();
        long micros = micros(reply);
        if (last != null && (after - before) / 1_000_000 > MAX_RTT_MS) {
            return;
        }
        long mid = before + (after - before) / 2;
        last = new Reading(micros, mid);
        warnIfFar(micros / 1_000 - (System.currentTimeMillis() - (System.nanoTime() - mid) / 1_000_000));
    }

    private synchronized void warnIfFar(long offset) {
        if (Math.abs(offset) < WARN_MS) {
            if (warnedOffset != 0) {
                LOG.log(System.Logger.Level.INFO, backend + ": this machine's clock is in step with " + where + " again");
                warnedOffset = 0;
            }
            return;
        }
        if (warnedOffset != 0 && Math.abs(offset - warnedOffset) < WARN_MS) {
            return;
        }
        warnedOffset = offset;
        LOG.log(System.Logger.Level.WARNING, backend + ": this machine's clock is " + String.format(java.util.Locale.ROOT, "%.1f s", Math.abs(offset) / 1000.0)
                + (offset < 0 ? " ahead of " : " behind ") + where + " (server time minus local time: " + offset
                + " ms); Spool reads leases, delays and reaping from the server's time, so tasks are safe, but fix this "
                + "machine's clock (NTP) for its logs and for the times handlers see");
    }

    /** The µs since the epoch of a TIME reply. */
    static long micros(Object reply) {
        if (reply instanceof List<?> l && l.size() == 2) {
            try {
                return Long.parseLong(Replies.string(l.get(0)).trim()) * 1_000_000 + Long.parseLong(Replies.string(l.get(1)).trim());
            } catch (RuntimeException e) {
                // below
            }
        }
        throw new BackendException("TIME answered " + reply + ", not [seconds, microseconds]");
    }

    @Override
    public String toString() {
        return "the time of " + where;
    }
}

package dev.spool.api;

import java.time.Instant;

/**
 * A schedule as stored, with its state ({@link Schedules#list()}).
 *
 * @param schedule  the definition
 * @param paused    true while paused: its ticks pass without firing
 * @param lastTick  the last tick handled, fired or skipped (the creation time for a new schedule)
 * @param lastFired the last tick a task was enqueued for, or null when none was
 * @param nextFire  the next tick to fire (in the past when one is due and not yet handled), or null
 *                  when the cron expression has no tick left
 */
public record ScheduleInfo(Schedule schedule, boolean paused, Instant lastTick, Instant lastFired, Instant nextFire) {
}

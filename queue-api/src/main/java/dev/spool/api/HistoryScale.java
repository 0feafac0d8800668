package dev.spool.api;

import java.time.Duration;

/**
 * The two resolutions of a queue's throughput history ({@link QueueInspector#history}): the last day by
 * minute, or the last 30 days by hour. Every backend keeps both, in bounded storage: one slot per point,
 * whatever the queue's age.
 */
public enum HistoryScale {
    /** The last 24 hours, one point per minute: 1440 points. */
    MINUTES(Duration.ofMinutes(1), 1440),
    /** The last 30 days, one point per hour: 720 points. */
    HOURS(Duration.ofHours(1), 720);

    private final Duration step;
    private final int points;

    HistoryScale(Duration step, int points) {
        this.step = step;
        this.points = points;
    }

    /** The length of one point's bucket: a minute or an hour. */
    public Duration step() {
        return step;
    }

    /** How many points a history of this scale has: 1440 minutes or 720 hours. */
    public int points() {
        return points;
    }

    /** How far back a history of this scale reaches: {@code step() × points()}, a day or 30 days. */
    public Duration span() {
        return step.multipliedBy(points);
    }
}

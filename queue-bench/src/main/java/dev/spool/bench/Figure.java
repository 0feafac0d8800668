package dev.spool.bench;

/**
 * One line of the result table.
 *
 * @param section what is measured (enqueue, drain, steady, memory)
 * @param subject what ran it: a Spool backend ({@code redis-list}, …) or a raw ceiling ({@code raw-list}, {@code raw-stream})
 * @param name    the figure, e.g. {@code enqueueAll x1000}
 * @param unit    e.g. {@code tasks/s}, {@code ms}, {@code bytes/task}
 * @param value   the repetitions
 * @param ratio   the figure divided by its ceiling, per repetition (null when it has none)
 * @param versus  the ceiling figure it is compared with (null when none)
 */
public record Figure(String section, String subject, String name, String unit, Spread value, Spread ratio,
                     String versus) {

    /** A figure without a ceiling. */
    public static Figure plain(String section, String subject, String name, String unit, Spread value) {
        return new Figure(section, subject, name, unit, value, null, null);
    }
}

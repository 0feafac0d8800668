package dev.spool.redis.core;

import dev.spool.api.BackendConfig;
import dev.spool.api.Durations;
import dev.spool.api.SpoolException;

import java.time.Duration;
import java.util.Locale;

/**
 * Reads one adapter's backend options with one set of checks and messages, each naming the
 * backend, the option, the value given and what to give instead. Used by {@link CommonOptions}
 * and by each adapter for its own options.
 *
 * @param backend the adapter's name, which starts every message
 * @param config  the options' source
 */
public record Options(String backend, BackendConfig config) {

    /** The text of {@code key}, or {@code fallback}. */
    public String text(String key, String fallback) {
        return config.option(key, fallback);
    }

    /** {@code key} as a whole number of at least {@code min}, or {@code fallback}. */
    public int atLeast(String key, int fallback, int min) {
        int v = config.intOption(key, fallback);
        if (v < min) {
            throw bad(key, Integer.toString(v), min == 0 ? "give 0 (off) or more" : "give " + min + " or more");
        }
        return v;
    }

    /** {@code key} as a duration above zero, or {@code fallback}. */
    public Duration positive(String key, Duration fallback) {
        Duration v = config.durationOption(key, fallback);
        if (v.isNegative() || v.isZero()) {
            throw bad(key, Durations.format(v), "give a positive duration such as 500ms or 1s");
        }
        return v;
    }

    /** {@code key} as a duration of zero or more, or {@code fallback}. */
    public Duration atLeastZero(String key, Duration fallback) {
        Duration v = config.durationOption(key, fallback);
        if (v.isNegative()) {
            throw bad(key, v.toString(), "give 0 or a positive duration such as 30s");
        }
        return v;
    }

    /** {@code key} as true or false (also yes/no, 1/0), or {@code fallback}. */
    public boolean bool(String key, boolean fallback) {
        String v = config.option(key, null);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw bad(key, "'" + v + "'", "give true or false");
        };
    }

    /** {@code key} as one of two words: false for {@code no} (the default), true for {@code yes}. */
    public boolean choice(String key, String no, String yes, String explained) {
        String v = config.option(key, no).trim();
        if (v.equalsIgnoreCase(no) || v.equalsIgnoreCase(yes)) {
            return v.equalsIgnoreCase(yes);
        }
        throw bad(key, "'" + v + "'", "use " + explained);
    }

    /** The error for {@code key} holding {@code shown}, telling what to {@code give}. */
    public SpoolException bad(String key, String shown, String give) {
        return new SpoolException(backend + ": backend option '" + key + "' is " + shown + "; " + give);
    }
}

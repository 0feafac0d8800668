package dev.spool.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them on a command line or in a properties file: {@code 500ms},
 * {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or an ISO-8601 {@code PT30S}.
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses {@code text}; {@code what} names the setting in the error message.
     *
     * @throws SpoolException naming the setting, the value and the accepted forms
     */
    public static Duration parse(String what, String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = SHORT.matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            if (t.startsWith("P") || t.startsWith("p")) {
                return Duration.parse(t);
            }
        } catch (RuntimeException e) {
            // fall through to the message below
        }
        throw new SpoolException(what + " is '" + text + "'; write a duration such as 500ms, 30s, 5m, 2h or 1d");
    }

    /** Formats {@code d} in the short form that {@link #parse} reads. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) return ms / 86_400_000 + "d";
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0 && ms > 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}

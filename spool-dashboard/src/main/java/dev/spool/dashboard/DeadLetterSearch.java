package dev.spool.dashboard;

import dev.spool.api.DeadLetter;
import dev.spool.api.QueueInspector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Dead letters filtered by type and by a substring of their error, found in bounded steps: one call reads at
 * most {@link #SCAN_LIMIT} dead letters (newest first, in pages of {@link #STEP}) and says where the next call
 * goes on ({@code next}), so a filter over a million dead letters never holds a request or the backend for
 * long: the page asks for more as the operator scrolls.
 */
final class DeadLetterSearch {
    static final int STEP = 500;
    static final int SCAN_LIMIT = 10_000;

    /**
     * What one call found.
     *
     * @param items   the matching dead letters, newest first
     * @param scanned how many dead letters were read
     * @param next    the offset to go on from, or -1 when the dead letters were read to the end
     */
    record Found(List<DeadLetter> items, int scanned, long next) {
    }

    private final String type;
    private final String error;

    /** A filter; a null or empty {@code type} or {@code error} matches every dead letter. */
    DeadLetterSearch(String type, String error) {
        this.type = blank(type) ? null : type;
        this.error = blank(error) ? null : error.toLowerCase(Locale.ROOT);
    }

    boolean filtering() {
        return type != null || error != null;
    }

    boolean matches(DeadLetter d) {
        if (type != null && !type.equals(d.type())) {
            return false;
        }
        return error == null || (d.error() != null && d.error().toLowerCase(Locale.ROOT).contains(error));
    }

    /** Up to {@code limit} matches from {@code offset} (a position among all the queue's dead letters). */
    Found find(QueueInspector inspector, String queue, long offset, int limit) {
        List<DeadLetter> items = new ArrayList<>();
        int scanned = 0;
        long at = offset;
        while (items.size() < limit && scanned < SCAN_LIMIT) {
            int step = filtering() ? STEP : limit - items.size();
            List<DeadLetter> page = inspector.deadLetters(queue, (int) Math.min(at, Integer.MAX_VALUE), step);
            for (DeadLetter d : page) {
                at++;
                scanned++;
                if (matches(d)) {
                    items.add(d);
                    if (items.size() == limit) {
                        return new Found(items, scanned, at);
                    }
                }
            }
            if (page.size() < step) {
                return new Found(items, scanned, -1);
            }
        }
        return new Found(items, scanned, at);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

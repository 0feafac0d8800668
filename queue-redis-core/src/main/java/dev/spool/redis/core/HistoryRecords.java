package dev.spool.redis.core;

import dev.spool.api.HistoryPoint;
import dev.spool.api.HistoryScale;
import dev.spool.api.spi.QueueHistory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A queue's throughput history as both Redis adapters keep it (history_ring.lua): ring slots in the queue's
 * stats hash, one field per slot, {@code "<prefix><slot>"} (prefix {@code m:} for {@link HistoryScale#MINUTES},
 * {@code h:} for {@link HistoryScale#HOURS}), each holding {@code "<bucket> <processed> <failed>"}, the bucket
 * being {@link QueueHistory#bucket}. The ring sizes and steps reach the scripts through {@code defaults.lua}
 * ({@link #lua()}), so Lua and Java cannot disagree.
 */
public final class HistoryRecords {
    private HistoryRecords() {
    }

    /** The field prefix of the ring of {@code scale}: {@code m:} or {@code h:}. */
    public static String prefix(HistoryScale scale) {
        return scale == HistoryScale.MINUTES ? "m:" : "h:";
    }

    /** The rings as Lua: {@code local HISTORY_RINGS = {{prefix, step ms, slots}, ...}}, for defaults.lua. */
    static String lua() {
        StringBuilder b = new StringBuilder("local HISTORY_RINGS = {");
        for (HistoryScale s : HistoryScale.values()) {
            b.append(s.ordinal() == 0 ? "" : ", ").append("{\"").append(prefix(s)).append("\", ")
                    .append(s.step().toMillis()).append(", ").append(s.points()).append('}');
        }
        return b.append("}\n").toString();
    }

    /**
     * The history of {@code scale} at {@code nowMs} from the values of its ring's slots, read in slot order
     * ({@code slots.get(i)} is field {@code <prefix><i>}, null when absent). A value that is not a record, or
     * whose bucket does not belong in its slot (written by hand), counts as empty.
     */
    public static List<HistoryPoint> points(HistoryScale scale, long nowMs, List<String> slots) {
        Map<Long, long[]> byBucket = new HashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            long[] r = parse(slots.get(i));
            if (r != null && QueueHistory.slot(scale, r[0]) == i) {
                byBucket.put(r[0], new long[] {r[1], r[2]});
            }
        }
        return QueueHistory.points(scale, nowMs, byBucket::get);
    }

    /** {@code {bucket, processed, failed}} of one slot's value; null for none or for what is not a record. */
    static long[] parse(String value) {
        if (value == null) {
            return null;
        }
        String[] f = value.split(" ");
        if (f.length != 3) {
            return null;
        }
        try {
            long[] r = {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])};
            return r[1] >= 0 && r[2] >= 0 && r[2] <= r[1] ? r : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

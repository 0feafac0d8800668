package dev.spool.dashboard;

import dev.spool.api.HistoryPoint;
import dev.spool.api.HistoryScale;
import dev.spool.api.QueueInspector;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code api/history} and {@code api/queues/{queue}/history}: processed and failed per minute or hour, the last
 * {@code last} points of the backend's history ({@link QueueInspector#history}), summed over the queues asked,
 * as two arrays beside the first point's start: what a chart draws, in few bytes.
 */
final class Histories {
    private Histories() {
    }

    static Map<String, Object> of(QueueInspector inspector, Collection<String> queues, Call call) {
        HistoryScale scale = scale(call.query("scale"));
        int last = call.intQuery("last", scale.points(), 1, scale.points());
        long[] processed = new long[last];
        long[] failed = new long[last];
        Instant start = null;
        for (String q : queues) {
            List<HistoryPoint> points = inspector.history(q, scale);
            List<HistoryPoint> tail = points.subList(points.size() - last, points.size());
            if (start == null) {
                start = tail.get(0).start();
            }
            for (int i = 0; i < last; i++) {
                processed[i] += tail.get(i).processed();
                failed[i] += tail.get(i).failed();
            }
        }
        if (start == null) { // no queue yet: the same buckets by this machine's clock
            long step = scale.step().toMillis();
            start = Instant.ofEpochMilli((System.currentTimeMillis() / step - (last - 1)) * step);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scale", scale.name().toLowerCase(Locale.ROOT));
        m.put("stepMs", scale.step().toMillis());
        m.put("start", start.toEpochMilli());
        m.put("processed", processed);
        m.put("failed", failed);
        return m;
    }

    private static HistoryScale scale(String s) {
        if (s == null || s.isEmpty()) {
            return HistoryScale.MINUTES;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "minutes" -> HistoryScale.MINUTES;
            case "hours" -> HistoryScale.HOURS;
            default -> throw ApiException.badRequest("scale", "scale '" + s + "' is not minutes (the last 24 h) or hours (30 days)");
        };
    }
}

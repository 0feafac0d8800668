package dev.spool.inmemory;

import dev.spool.api.QueueEvent;
import dev.spool.api.QueueEvents;
import dev.spool.api.QueueSettings;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;

/**
 * One queue's event log in memory, as Redis keeps it in a capped stream: ids {@code <ms>-<seq>},
 * increasing; at most {@link QueueSettings#eventsKept()} kept, the oldest dropped first. Guarded by the
 * queue's lock; {@link #appended} is signalled on every event, for waiting readers.
 */
final class EventLog {
    private final String queue;
    final Condition appended;
    private final ArrayDeque<QueueEvent> events = new ArrayDeque<>();
    private long lastMs;
    private long seq;
    /** How many are kept; 0 keeps none. */
    int max = QueueSettings.DEFAULT_EVENTS_KEPT;

    EventLog(String queue, Condition appended) {
        this.queue = queue;
        this.appended = appended;
    }

    /** Appends an event about task {@code id} (runAt 0 for none). */
    void add(QueueEvent.Kind kind, String id, long now, int attempt, Integer percent, long runAt, String error) {
        if (max == 0) {
            return;
        }
        if (now > lastMs) {
            lastMs = now;
            seq = 0;
        } else {
            seq++;
        }
        events.addLast(new QueueEvent(lastMs + "-" + seq, queue, kind, id, Instant.ofEpochMilli(now), attempt, percent,
                runAt > 0 ? Instant.ofEpochMilli(runAt) : null, error));
        while (events.size() > max) {
            events.removeFirst();
        }
        appended.signalAll();
    }

    /** Up to {@code limit} events after the id {@code after}, oldest first. */
    List<QueueEvent> after(String after, int limit) {
        long[] from = parse(after);
        List<QueueEvent> out = new ArrayList<>();
        Iterator<QueueEvent> it = events.descendingIterator();
        List<QueueEvent> newer = new ArrayList<>();
        while (it.hasNext()) { // newest first until the position: a follower reads the tail
            QueueEvent e = it.next();
            if (compare(parse(e.id()), from) <= 0) {
                break;
            }
            newer.add(e);
        }
        for (int i = newer.size() - 1; i >= 0 && out.size() < limit; i--) {
            out.add(newer.get(i));
        }
        return out;
    }

    String lastId() {
        return events.isEmpty() ? QueueEvents.START : events.peekLast().id();
    }

    /** Keeps at most {@code n} from now on (0 drops the log). */
    void resize(int n) {
        max = n;
        while (events.size() > n) {
            events.removeFirst();
        }
    }

    private static long[] parse(String id) {
        int dash = id.indexOf('-');
        return new long[] {Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1))};
    }

    private static int compare(long[] a, long[] b) {
        return a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]);
    }
}

package dev.spool.redis.stream;

import dev.spool.api.QueueEvent;
import dev.spool.api.QueueEvents;
import dev.spool.api.QueueSettings;
import dev.spool.api.Task;
import dev.spool.redis.core.EventRecords;
import org.redisson.api.RStream;
import org.redisson.api.StreamMessageId;
import org.redisson.api.stream.StreamReadArgs;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A redis-stream queue's settings ({@code spool:{q}:settings}) and event log ({@code spool:{q}:events}),
 * for {@link StreamInspector}: plain reads and writes, since the scripts write the log themselves
 * ({@code events.lua}).
 */
final class StreamEvents {
    private final RedisStreamBroker broker;

    StreamEvents(RedisStreamBroker broker) {
        this.broker = broker;
    }

    QueueSettings settings(String queue) {
        Task.requireQueueName(queue);
        try {
            Map<String, String> v = broker.client().<String, String>getMap(key(queue, "settings"), StringCodec.INSTANCE)
                    .getAll(Set.copyOf(EventRecords.SETTINGS_FIELDS));
            return EventRecords.settings(v);
        } catch (RuntimeException e) {
            throw broker.scripts().wrap("reading the settings of queue '" + queue + "'", e);
        }
    }

    void configure(String queue, QueueSettings settings) {
        Task.requireQueueName(queue);
        Objects.requireNonNull(settings, "settings");
        try {
            broker.client().<String, String>getMap(key(queue, "settings"), StringCodec.INSTANCE)
                    .putAll(EventRecords.fields(settings));
            if (!settings.eventsOn()) {
                broker.client().getStream(key(queue, "events"), StringCodec.INSTANCE).unlink();
            }
        } catch (RuntimeException e) {
            throw broker.scripts().wrap("configuring queue '" + queue + "'", e);
        }
    }

    List<QueueEvent> events(String queue, String after, int max, Duration wait) {
        Task.requireQueueName(queue);
        QueueEvents.check(after, max, wait);
        RStream<String, String> log = broker.client().getStream(key(queue, "events"), StringCodec.INSTANCE);
        long deadline = System.nanoTime() + wait.toNanos();
        StreamMessageId from = Fetcher.id(after);
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            StreamReadArgs args = StreamReadArgs.greaterThan(from).count(max);
            if (left > 0) { // no timeout: a read that does not block (Redisson's zero would block for ever)
                args = args.timeout(Duration.ofMillis(Math.min(left, broker.settings().common().maxBlock().toMillis())));
            }
            Map<StreamMessageId, Map<String, String>> r;
            try {
                r = log.read(args);
            } catch (RuntimeException e) {
                throw broker.scripts().wrap("reading the events of queue '" + queue + "'", e);
            }
            List<QueueEvent> out = new ArrayList<>();
            if (r != null) {
                for (Map.Entry<StreamMessageId, Map<String, String>> e : r.entrySet()) {
                    EventRecords.parse(queue, e.getKey().toString(), e.getValue(), out);
                    from = e.getKey();
                }
            }
            if (!out.isEmpty() || left <= 0) {
                return out;
            }
        }
    }

    String lastEventId(String queue) {
        Task.requireQueueName(queue);
        try {
            Map<StreamMessageId, Map<String, String>> r = broker.client()
                    .<String, String>getStream(key(queue, "events"), StringCodec.INSTANCE)
                    .rangeReversed(1, StreamMessageId.MAX, StreamMessageId.MIN);
            return r.isEmpty() ? QueueEvents.START : r.keySet().iterator().next().toString();
        } catch (RuntimeException e) {
            throw broker.scripts().wrap("reading the last event of queue '" + queue + "'", e);
        }
    }

    private String key(String queue, String name) {
        return broker.keys().prefixOf(queue) + name;
    }
}

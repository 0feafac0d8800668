package dev.spool.dashboard;

import dev.spool.api.DeadLetter;
import dev.spool.api.QueueSettings;
import dev.spool.api.QueueStats;
import dev.spool.api.ScheduleInfo;
import dev.spool.api.Task;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskProgress;
import dev.spool.api.WorkerInfo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The API's JSON shapes, one method per kind of thing: stable field names (documented in the README's API
 * section), times as ISO-8601 strings, durations in milliseconds, absent values left out.
 */
final class Views {
    /** A payload longer than this is cut in a task's view ({@code payloadTruncated: true}); the whole one is a download. */
    static final int PAYLOAD_SHOWN = 64 * 1024;
    /** A worker whose last heartbeat is older than this is marked stale (heartbeats come every few seconds). */
    static final Duration STALE_AFTER = Duration.ofSeconds(30);

    private Views() {
    }

    static Map<String, Object> queue(QueueStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.queue());
        m.put("ready", s.ready());
        m.put("scheduled", s.delayed());
        m.put("running", s.inFlight());
        m.put("dead", s.dead());
        m.put("paused", s.paused());
        m.put("latencyMs", s.latency().toMillis());
        m.put("processed", s.processed());
        m.put("failed", s.failed());
        m.put("expired", s.expired());
        m.put("deadDropped", s.deadDropped());
        return m;
    }

    static Map<String, Object> settings(QueueSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventsKept", s.eventsKept());
        m.put("retentionMs", s.retention() == null ? null : s.retention().toMillis());
        m.put("rate", s.rate() == null ? null : s.rate().toString());
        m.put("concurrency", s.concurrency());
        Map<String, Object> types = new LinkedHashMap<>();
        s.typeLimits().forEach((type, limit) -> types.put(type, limit.toString()));
        m.put("typeLimits", types);
        return m;
    }

    /** A task in a list: what a row shows. */
    static Map<String, Object> row(TaskInfo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("queue", t.queue());
        m.put("state", t.state().name().toLowerCase(Locale.ROOT));
        m.put("type", t.type());
        m.put("attempts", t.attempts());
        m.put("maxAttempts", t.maxAttempts());
        m.put("priority", t.task() == null ? null : t.task().priority());
        m.put("createdAt", time(t.createdAt()));
        m.put("runAt", time(t.runAt()));
        m.put("leaseDeadline", time(t.leaseDeadline()));
        m.put("finishedAt", time(t.finishedAt()));
        m.put("lastError", t.lastError());
        m.put("holder", t.holder());
        return m;
    }

    /** A task on its own page: the row, with payload (cut at {@link #PAYLOAD_SHOWN}), headers, result and progress. */
    static Map<String, Object> task(TaskInfo t) {
        Map<String, Object> m = row(t);
        Task task = t.task();
        String payload = task == null ? t.raw() : task.payload();
        payload(m, payload);
        m.put("decodable", task != null);
        if (task != null) {
            m.put("headers", task.headers());
            m.put("timeoutMs", task.timeout() == null ? null : task.timeout().toMillis());
            m.put("uniqueKey", task.uniqueKey());
            m.put("expiresAt", time(task.expiresAt()));
        }
        m.put("startedAt", time(t.startedAt()));
        m.put("result", t.result());
        TaskProgress p = t.progress();
        if (p != null) {
            Map<String, Object> progress = new LinkedHashMap<>();
            progress.put("percent", p.percent());
            progress.put("detail", p.detail());
            progress.put("at", time(p.at()));
            m.put("progress", progress);
        }
        return m;
    }

    static Map<String, Object> dead(DeadLetter d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("queue", d.queue());
        m.put("state", "dead");
        m.put("type", d.type());
        m.put("attempts", d.attempts());
        m.put("failedAt", time(d.failedAt()));
        m.put("error", d.error());
        m.put("decodable", d.task() != null);
        return m;
    }

    static Map<String, Object> worker(WorkerInfo w, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("host", w.host());
        m.put("pid", w.pid());
        m.put("queues", w.queues());
        m.put("concurrency", w.concurrency());
        m.put("inFlight", w.inFlight());
        m.put("startedAt", time(w.startedAt()));
        m.put("lastHeartbeat", time(w.lastHeartbeat()));
        m.put("stale", w.lastHeartbeat() == null || w.lastHeartbeat().isBefore(now.minus(STALE_AFTER)));
        return m;
    }

    static Map<String, Object> schedule(ScheduleInfo i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", i.schedule().name());
        m.put("queue", i.schedule().queue());
        m.put("type", i.schedule().task().type());
        m.put("when", i.schedule().describe());
        m.put("paused", i.paused());
        m.put("nextFire", time(i.nextFire()));
        m.put("lastFired", time(i.lastFired()));
        return m;
    }

    private static void payload(Map<String, Object> m, String payload) {
        if (payload == null) {
            return;
        }
        int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        m.put("payloadBytes", bytes);
        if (payload.length() > PAYLOAD_SHOWN) {
            m.put("payload", payload.substring(0, PAYLOAD_SHOWN));
            m.put("payloadTruncated", true);
        } else {
            m.put("payload", payload);
            m.put("payloadTruncated", false);
        }
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}

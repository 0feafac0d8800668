package dev.spool.dashboard;

import dev.spool.api.Broker;
import dev.spool.api.CancelResult;
import dev.spool.api.EnqueueResult;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.QueueInspector;
import dev.spool.api.ScheduleInfo;
import dev.spool.api.Task;
import dev.spool.api.TaskDecodeException;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON admin API under {@code /api}: every read and action of the pages, on the port only ({@link Broker}),
 * so it works on every backend. Routes are listed in spool-dashboard/README.md ("The admin API"). Unknown things are 404,
 * an action on a task in the wrong state 409, a bad argument 400 naming the field.
 */
final class Api {
    static final int MAX_PAGE = 1000;

    private final Broker broker;
    private final QueueInspector inspector;
    private final DeadLetterActions dead;

    Api(Broker broker) {
        this.broker = broker;
        this.inspector = broker.inspector();
        this.dead = new DeadLetterActions(inspector);
    }

    /** True when {@code call} changes something (the read-only mode refuses those). */
    static boolean changes(Call call) {
        return !call.method().equals("GET");
    }

    /** Answers one call; the value is turned into the JSON body of a 200. */
    Object handle(Call call) {
        List<String> p = call.path();
        String m = call.method();
        if (p.isEmpty()) {
            throw ApiException.notFound("no such API route: /api; start at GET /api/overview");
        }
        switch (p.get(0)) {
            case "overview":
                if (p.size() == 1 && m.equals("GET")) {
                    return overview();
                }
                break;
            case "queues":
                if (p.size() >= 2) {
                    return queues(call, p.get(1), p.subList(2, p.size()));
                }
                if (m.equals("GET")) {
                    return overview().get("queues");
                }
                break;
            case "history":
                if (p.size() == 1 && m.equals("GET")) {
                    return Histories.of(inspector, inspector.queues(), call);
                }
                break;
            case "tasks":
                if (p.size() == 2 && m.equals("GET")) {
                    return find(p.get(1));
                }
                break;
            case "workers":
                if (p.size() == 1 && m.equals("GET")) {
                    return workers();
                }
                break;
            case "schedules":
                return schedules(call, p.subList(1, p.size()));
            default:
                break;
        }
        throw noRoute(call);
    }

    Map<String, Object> overview() {
        List<Object> queues = new ArrayList<>();
        for (String q : inspector.queues()) {
            queues.add(Views.queue(inspector.stats(q)));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", broker.backend());
        m.put("time", Instant.now().toString());
        m.put("queues", queues);
        m.put("workers", broker.workers().list().size());
        return m;
    }

    private Object queues(Call call, String queue, List<String> rest) {
        String q = queue(queue);
        String m = call.method();
        if (rest.isEmpty() && m.equals("GET")) {
            Map<String, Object> body = Views.queue(inspector.stats(q));
            body.put("settings", Views.settings(inspector.settings(q)));
            return body;
        }
        if (rest.size() == 1 && m.equals("POST")) {
            switch (rest.get(0)) {
                case "pause" -> {
                    inspector.pause(q);
                    return Map.of("paused", true);
                }
                case "resume" -> {
                    inspector.resume(q);
                    return Map.of("paused", false);
                }
                case "purge" -> {
                    String confirm = call.string("confirm");
                    if (!q.equals(confirm)) {
                        throw ApiException.badRequest("confirm", "purging deletes every ready and scheduled task of '"
                                + q + "'; send {\"confirm\": \"" + q + "\"} to confirm");
                    }
                    return Map.of("purged", inspector.purge(q));
                }
                default -> {
                }
            }
        }
        if (rest.size() == 1 && m.equals("GET") && rest.get(0).equals("history")) {
            return Histories.of(inspector, List.of(q), call);
        }
        if (!rest.isEmpty() && rest.get(0).equals("tasks")) {
            return tasks(call, q, rest.subList(1, rest.size()));
        }
        if (!rest.isEmpty() && rest.get(0).equals("dead")) {
            return dead.handle(call, q, rest.subList(1, rest.size()));
        }
        throw noRoute(call);
    }

    private Object tasks(Call call, String q, List<String> rest) {
        String m = call.method();
        if (rest.isEmpty() && m.equals("GET")) {
            TaskState state = state(call.query("state"));
            int offset = call.intQuery("offset", 0, 0, Integer.MAX_VALUE);
            int limit = call.intQuery("limit", 50, 1, MAX_PAGE);
            List<Object> items = new ArrayList<>();
            if (state == TaskState.DEAD) {
                inspector.deadLetters(q, offset, limit).forEach(d -> items.add(Views.dead(d)));
            } else {
                inspector.tasks(q, state, offset, limit).forEach(t -> items.add(Views.row(t)));
            }
            return Map.of("state", state.name().toLowerCase(Locale.ROOT), "offset", offset, "items", items);
        }
        String id = id(rest.isEmpty() ? null : rest.get(0));
        if (rest.size() == 1 && m.equals("GET")) {
            return Views.task(task(q, id));
        }
        if (rest.size() == 2 && m.equals("GET") && rest.get(1).equals("payload")) {
            TaskInfo t = task(q, id);
            return new Download(id + ".json", t.task() == null ? t.raw() : t.task().payload());
        }
        if (rest.size() == 1 && m.equals("DELETE")) {
            return TaskActions.delete(inspector, q, id);
        }
        if (rest.size() == 2 && m.equals("POST")) {
            switch (rest.get(1)) {
                case "cancel" -> {
                    return cancel(q, id);
                }
                case "requeue" -> {
                    return requeue(q, id);
                }
                case "run-now" -> {
                    return TaskActions.runNow(inspector, q, id);
                }
                default -> {
                }
            }
        }
        throw noRoute(call);
    }

    private Object cancel(String q, String id) {
        CancelResult r = inspector.cancel(q, id);
        return switch (r) {
            case CANCELLED, REQUESTED -> Map.of("result", r.name().toLowerCase(Locale.ROOT));
            case ALREADY_FINAL -> throw ApiException.conflict("task " + id + " of queue '" + q + "' is already "
                    + stateOf(q, id) + "; only a scheduled, ready or running task can be cancelled");
            case NOT_FOUND -> throw noTask(q, id);
        };
    }

    private Object requeue(String q, String id) {
        try {
            if (inspector.requeueDead(q, id)) {
                return Map.of("result", "requeued");
            }
        } catch (TaskDecodeException e) {
            throw ApiException.conflict("dead letter " + id + " of queue '" + q + "' cannot be requeued: " + e.getMessage());
        }
        if (inspector.task(q, id).isPresent()) {
            throw ApiException.conflict("task " + id + " of queue '" + q + "' is " + stateOf(q, id)
                    + ", not a dead letter; only a dead letter can be requeued");
        }
        throw noTask(q, id);
    }

    private Object find(String rawId) {
        String id = id(rawId);
        for (String q : inspector.queues()) {
            Optional<TaskInfo> t = inspector.task(q, id);
            if (t.isPresent()) {
                return Views.row(t.get());
            }
        }
        throw ApiException.notFound("no queue holds a task with id " + id);
    }

    private Object workers() {
        Instant now = Instant.now();
        List<Object> out = new ArrayList<>();
        broker.workers().list().forEach(w -> out.add(Views.worker(w, now)));
        return out;
    }

    private Object schedules(Call call, List<String> rest) {
        if (rest.isEmpty() && call.method().equals("GET")) {
            List<Object> out = new ArrayList<>();
            for (ScheduleInfo i : broker.schedules().list()) {
                out.add(Views.schedule(i));
            }
            return out;
        }
        if (rest.size() == 2 && call.method().equals("POST")) {
            String name = rest.get(0);
            String verb = rest.get(1);
            if (verb.equals("trigger")) {
                EnqueueResult r = broker.schedules().trigger(name).orElseThrow(() -> noSchedule(name));
                return Map.of("result", r.status().name().toLowerCase(Locale.ROOT), "taskId", r.taskId());
            }
            boolean known = switch (verb) {
                case "pause" -> broker.schedules().pause(name);
                case "resume" -> broker.schedules().resume(name);
                default -> throw noRoute(call);
            };
            if (!known) {
                throw noSchedule(name);
            }
            return broker.schedules().get(name).map(Views::schedule).orElseThrow(() -> noSchedule(name));
        }
        throw noRoute(call);
    }

    private static ApiException noSchedule(String name) {
        return ApiException.notFound("no schedule named '" + name + "'");
    }

    TaskInfo task(String q, String id) {
        return inspector.task(q, id).orElseThrow(() -> noTask(q, id));
    }

    private String stateOf(String q, String id) {
        return inspector.task(q, id).map(t -> t.state().name().toLowerCase(Locale.ROOT)).orElse("gone");
    }

    static ApiException noTask(String q, String id) {
        return ApiException.notFound("queue '" + q + "' holds no task with id " + id);
    }

    private String queue(String name) {
        try {
            Task.requireQueueName(name);
        } catch (InvalidTaskException e) {
            throw ApiException.badRequest("queue", e.getMessage());
        }
        if (!inspector.queues().contains(name)) {
            throw ApiException.notFound("no queue named '" + name + "'; known queues: " + String.join(", ", inspector.queues()));
        }
        return name;
    }

    static String id(String id) {
        try {
            return Task.requireTaskId(id);
        } catch (InvalidTaskException e) {
            throw ApiException.badRequest("id", e.getMessage());
        }
    }

    private static TaskState state(String s) {
        if (s == null) {
            throw ApiException.badRequest("state", "say which tasks to list: state=scheduled, ready, running or dead");
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "scheduled" -> TaskState.SCHEDULED;
            case "ready" -> TaskState.READY;
            case "running" -> TaskState.RUNNING;
            case "dead" -> TaskState.DEAD;
            default -> throw ApiException.badRequest("state", "state '" + s + "' is not one of scheduled, ready, running, dead");
        };
    }

    private static ApiException noRoute(Call call) {
        return ApiException.notFound("no such API route: " + call.method() + " /api/" + String.join("/", call.path())
                + "; the routes are listed in spool-dashboard/README.md (The admin API)");
    }

    /** A body to send as a file ({@code Content-Disposition: attachment}) rather than as JSON. */
    record Download(String name, String content) {
    }
}

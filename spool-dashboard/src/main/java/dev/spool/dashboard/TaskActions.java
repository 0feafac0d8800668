package dev.spool.dashboard;

import dev.spool.api.QueueInspector;

import java.util.Map;

/** The actions on one task that answer 404 / 409 from what the port says: delete, and run a scheduled task now. */
final class TaskActions {
    private TaskActions() {
    }

    static Object delete(QueueInspector inspector, String q, String id) {
        if (inspector.deleteDead(q, id)) {
            return Map.of("result", "deleted");
        }
        if (inspector.task(q, id).isPresent()) {
            throw ApiException.conflict("task " + id + " of queue '" + q + "' is not a dead letter; only dead letters can be deleted here");
        }
        throw Api.noTask(q, id);
    }

    static Object runNow(QueueInspector inspector, String q, String id) {
        throw ApiException.conflict("run-now is not available yet");
    }
}

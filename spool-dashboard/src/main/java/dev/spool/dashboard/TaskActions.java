package dev.spool.dashboard;

import dev.spool.api.DeleteResult;
import dev.spool.api.QueueInspector;
import dev.spool.api.RunNowResult;

import java.util.Locale;
import java.util.Map;

/** The actions on one task that answer 404 / 409 from what the port says: delete, and run a scheduled task now. */
final class TaskActions {
    private TaskActions() {
    }

    static Object delete(QueueInspector inspector, String q, String id) {
        DeleteResult r = inspector.delete(q, id);
        return switch (r) {
            case DELETED -> Map.of("result", "deleted");
            case RUNNING -> throw ApiException.conflict("task " + id + " of queue '" + q + "' is running; cancel it first, "
                    + "then delete it");
            case NOT_FOUND -> throw Api.noTask(q, id);
        };
    }

    static Object runNow(QueueInspector inspector, String q, String id) {
        RunNowResult r = inspector.runNow(q, id);
        return switch (r) {
            case READY -> Map.of("result", "ready");
            case NOT_SCHEDULED -> throw ApiException.conflict("task " + id + " of queue '" + q + "' is "
                    + inspector.task(q, id).map(t -> t.state().name().toLowerCase(Locale.ROOT)).orElse("gone")
                    + ", not scheduled; only a scheduled task (delayed, or waiting for a retry) can be run now");
            case NOT_FOUND -> throw Api.noTask(q, id);
        };
    }
}

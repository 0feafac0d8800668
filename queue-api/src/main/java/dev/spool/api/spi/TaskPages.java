package dev.spool.api.spi;

import dev.spool.api.InvalidTaskException;
import dev.spool.api.QueueInspector;
import dev.spool.api.TaskInfo;
import dev.spool.api.TaskState;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What every backend's {@link QueueInspector#tasks} shares: the checks of its arguments, and the page
 * built from the ids the backend reads, each looked up with {@link QueueInspector#task} (so a page
 * shows a task exactly as a lookup by id does). A task that left the state between the two reads is
 * left out of the page.
 */
public final class TaskPages {
    /** The states a page can list; finished tasks are found by id. */
    public static final Set<TaskState> LISTED = EnumSet.of(TaskState.READY, TaskState.SCHEDULED, TaskState.RUNNING,
            TaskState.DEAD);
    /** The largest page. */
    public static final int MAX_LIMIT = 1_000;

    /** How a backend reads the ids of a page: {@code limit} ids of tasks in {@code state} from {@code offset}. */
    @FunctionalInterface
    public interface Ids {
        /** The ids, in the order {@link QueueInspector#tasks} documents. */
        List<String> read(TaskState state, int offset, int limit);
    }

    private TaskPages() {
    }

    /** Checks the arguments, naming the bad one and the fix, then reads the page. */
    public static List<TaskInfo> page(QueueInspector inspector, String queue, TaskState state, int offset, int limit,
                                      Ids ids) {
        if (state == null || !LISTED.contains(state)) {
            throw new InvalidTaskException("state", "tasks of queue '" + queue + "': state " + state + " cannot be listed; "
                    + "list ready, scheduled, running or dead tasks (a succeeded or cancelled task is found by its id)");
        }
        if (offset < 0) {
            throw new InvalidTaskException("offset", "tasks of queue '" + queue + "': offset " + offset + " is negative; "
                    + "give 0 for the first page");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidTaskException("limit", "tasks of queue '" + queue + "': limit " + limit + " is out of range; "
                    + "give 1 to " + MAX_LIMIT + " tasks per page");
        }
        List<TaskInfo> out = new ArrayList<>();
        for (String id : ids.read(state, offset, limit)) {
            inspector.task(queue, id).filter(t -> t.state() == state).ifPresent(out::add);
        }
        return out;
    }
}

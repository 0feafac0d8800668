package dev.spool.api;

import java.time.Instant;

/**
 * How far a task has come, as its handler last reported it ({@link TaskContext#progress(int, Object)}):
 * kept with the task from the report until the task ends (across retries, like BullMQ's
 * {@code job.progress}), and shown by {@link QueueInspector#task}.
 *
 * @param percent 0 to 100
 * @param detail  one JSON value of at most {@link Task#maxResultBytes()} bytes, or null for none
 * @param at      when it was reported, by the broker's clock
 */
public record TaskProgress(int percent, String detail, Instant at) {

    /**
     * Throws {@link InvalidTaskException} (field {@code progress}) unless {@code percent} is 0 to 100
     * and {@code detail} is null or one well-formed JSON value within {@link Task#maxResultBytes()}:
     * the check a progress report of task {@code id} of {@code queue} passes before it is stored.
     */
    public static void check(String queue, String id, int percent, String detail) {
        if (percent < 0 || percent > 100) {
            throw new InvalidTaskException("progress", "the progress of task " + id + " (queue '" + queue + "') is "
                    + percent + "; report a percentage from 0 to 100");
        }
        String problem = detail == null ? null : JsonCheck.problem(detail, Task.maxResultBytes());
        if (problem != null) {
            throw new InvalidTaskException("progress", "the progress detail of task " + id + " (queue '" + queue
                    + "') " + problem + "; give one well-formed JSON value (or none)" + (problem.contains("limit")
                            ? " under the limit (raise -D" + Task.MAX_RESULT_PROPERTY + " if need be)" : ""));
        }
    }
}

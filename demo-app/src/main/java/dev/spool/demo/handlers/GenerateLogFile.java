package dev.spool.demo.handlers;

import dev.spool.api.EnqueueResult;
import dev.spool.api.NonRetryableException;
import dev.spool.api.Task;
import dev.spool.api.TaskContext;
import dev.spool.api.TaskHandler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code generate_log_file}: writes a log file from a seed, then enqueues the
 * {@code parse_log_file} task for it. Duties:
 * <ol>
 *   <li>check the payload, refusing (no retry) what cannot work: a missing directory name, a
 *       file name with a path in it, a line count under 1;</li>
 *   <li>fail on purpose in the first {@code failAttempts} attempts, to show retries (the demo sets
 *       it on every 7th file; leave it 0 in real use);</li>
 *   <li>write the file atomically, so a second run of the task (at-least-once delivery) rewrites
 *       the same bytes rather than appending;</li>
 *   <li>enqueue the follow-up with a unique key derived from this task's id, so a second run does
 *       not enqueue a second parse while the first is pending, and with this task's retention;</li>
 *   <li>give the follow-up's id as this task's result ({@code {"parseTask":"<id>"}}), so a producer
 *       that waits for this task can go on waiting for the parse.</li>
 * </ol>
 */
public final class GenerateLogFile implements TaskHandler<GenerateLogFile.Request> {
    /** The task type. */
    public static final String TYPE = "generate_log_file";

    /**
     * The payload.
     *
     * @param dir          the directory to write into (created when missing), absolute, seen by every
     *                     worker. The payload chooses where this demo writes; a handler in production
     *                     would confine it to a directory of its own configuration.
     * @param file         the file name, without a directory
     * @param seed         the random seed: the same seed gives the same file
     * @param lines        how many lines to write
     * @param failAttempts how many first attempts fail on purpose with a transient error (0: none)
     */
    public record Request(String dir, String file, long seed, int lines, int failAttempts) {
    }

    /** Creates the handler; it holds no state. */
    public GenerateLogFile() {
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<Request> payloadType() {
        return Request.class;
    }

    @Override
    public void handle(Request request, TaskContext context) throws IOException {
        Path file = target(request, context);
        if (context.attempt() <= request.failAttempts()) {
            throw new IOException("simulated transient failure writing " + request.file() + " (attempt "
                    + context.attempt() + " of the first " + request.failAttempts() + " that fail on purpose)");
        }
        Files.createDirectories(file.getParent());
        LogGenerator.write(file, request.seed(), request.lines(), context::isCancelled);

        Task.Builder parse = Task.builder(ParseLogFile.TYPE)
                .payloadValue(new ParseLogFile.Request(file.toString()))
                .uniqueKey("parse-of:" + context.taskId());
        if (context.task().retention() != null) {
            parse.retention(context.task().retention()); // its outcome is kept as long as this one's
        }
        // DUPLICATE means an earlier run of this very task already enqueued the parse: that one is the follow-up.
        EnqueueResult r = context.enqueue(parse.build());
        context.setResult(Map.of("parseTask", r.accepted() ? r.taskId() : r.duplicateOf()));
    }

    private static Path target(Request r, TaskContext context) {
        String where = "task " + context.taskId() + " of type '" + TYPE + "' on queue '" + context.queue() + "'";
        if (r.dir() == null || r.dir().isBlank()) {
            throw new NonRetryableException(where + ": payload field 'dir' is missing; give the output directory");
        }
        if (r.file() == null || r.file().isBlank() || r.file().contains("/") || r.file().contains("\\")
                || r.file().equals("..") || r.file().equals(".")) {
            throw new NonRetryableException(where + ": payload field 'file' is '" + r.file()
                    + "'; give a plain file name such as app-0001.log (the directory goes in 'dir')");
        }
        if (r.lines() < 1) {
            throw new NonRetryableException(where + ": payload field 'lines' is " + r.lines() + "; give at least 1");
        }
        return Path.of(r.dir()).toAbsolutePath().resolve(r.file());
    }
}

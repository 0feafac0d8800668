package dev.spool.demo.handlers;

import dev.spool.api.NonRetryableException;
import dev.spool.api.TaskContext;
import dev.spool.api.TaskHandler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code parse_log_file}: reads a log file and stores its statistics as
 * {@code <file>.stats.json} next to it (see {@link StatsFiles}). A missing file is a dead end,
 * not a hiccup: the handler throws {@link NonRetryableException}, the task is dead-lettered at
 * once with that reason, and the worker carries on. Any other I/O error is retried.
 */
public final class ParseLogFile implements TaskHandler<ParseLogFile.Request> {
    /** The task type. */
    public static final String TYPE = "parse_log_file";

    /**
     * The payload.
     *
     * @param file the log file's absolute path; every worker must see it
     */
    public record Request(String file) {
    }

    /** Creates the handler; it holds no state. */
    public ParseLogFile() {
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
        String where = "task " + context.taskId() + " of type '" + TYPE + "' on queue '" + context.queue() + "'";
        if (request.file() == null || request.file().isBlank()) {
            throw new NonRetryableException(where + ": payload field 'file' is missing; send {\"file\":\"/path/to/app.log\"}");
        }
        Path file = Path.of(request.file());
        if (!Files.isRegularFile(file)) {
            throw new NonRetryableException(where + ": log file " + file + " does not exist; "
                    + "check that it was generated and that this worker sees the producer's --out directory");
        }
        LogStats stats = LogParser.parse(file, context::isCancelled);
        StatsFiles.write(file, stats);
        context.setResult(new Parsed(file.toString(), stats.lines(), stats.level("ERROR")));
    }

    /**
     * The result a producer reads back ({@code TaskInfo.result()}).
     *
     * @param file   the log file
     * @param lines  its lines
     * @param errors its ERROR lines
     */
    public record Parsed(String file, long lines, long errors) {
    }
}

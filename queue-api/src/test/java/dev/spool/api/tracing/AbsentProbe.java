package dev.spool.api.tracing;

import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.api.spi.CheckedTaskQueue;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs in a class loader without OpenTelemetry ({@link TracingAbsentTest}): an enqueue, a batch and an
 * attempt through the tracing hooks, as a backend and the worker call them. Answers what it saw.
 */
public final class AbsentProbe implements Callable<String> {
    @Override
    public String call() throws Exception {
        RecordingQueue backend = new RecordingQueue("mail");
        TaskQueue queue = CheckedTaskQueue.of(backend);
        queue.enqueue(Task.builder("t").header("tenant", "acme").build());
        queue.enqueueAll(List.of(Task.of("a", "{}"), Task.of("b", "{}")));
        boolean[] ran = {false};
        Tracing.process(backend.delivery(0), () -> ran[0] = true);
        return "available=" + Tracing.available() + " ran=" + ran[0] + " headers="
                + backend.stored.stream().map(Task::headers).toList();
    }
}

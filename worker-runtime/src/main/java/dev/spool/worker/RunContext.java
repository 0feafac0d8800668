package dev.spool.worker;

import dev.spool.api.Broker;
import dev.spool.api.EnqueueResult;
import dev.spool.api.Task;
import dev.spool.api.TaskContext;
import dev.spool.api.TaskProgress;

import java.time.Instant;

/** The {@link TaskContext} of one attempt. */
final class RunContext implements TaskContext {
    private final Execution execution;
    private final Broker broker;
    private final ProgressReports progress;
    private final Instant deadline;

    RunContext(Execution execution, Broker broker, ProgressReports progress, Instant deadline) {
        this.execution = execution;
        this.broker = broker;
        this.progress = progress;
        this.deadline = deadline;
    }

    @Override
    public Task task() {
        return execution.delivery().task();
    }

    @Override
    public String queue() {
        return execution.delivery().queue();
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public boolean isCancelled() {
        return execution.isCancelled();
    }

    @Override
    public void throwIfCancelled() {
        if (execution.isCancelRequested()) {
            throw new java.util.concurrent.CancellationException("task " + taskId() + " was cancelled");
        }
        TaskContext.super.throwIfCancelled();
    }

    @Override
    public void setResultJson(String json) {
        execution.result = Task.requireResult(queue(), taskId(), json);
    }

    @Override
    public void progressJson(int percent, String detailJson) {
        TaskProgress.check(queue(), taskId(), percent, detailJson);
        progress.report(execution, new ProgressReports.Report(percent, detailJson));
    }

    @Override
    public EnqueueResult enqueue(String queue, Task task) {
        return broker.queue(queue).enqueue(task);
    }
}

package dev.spool.demo;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.spool.api.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.util.concurrent.Callable;

/**
 * {@code spool-demo tasks}: the run's tasks as JSON lines, the input of {@code spool enqueue --file}.
 * Nothing is enqueued and no backend is needed; the output directory is created (the workers
 * write into it).
 */
@Command(name = "tasks", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Prints the demo's tasks as JSON lines, for spool enqueue --file, and enqueues nothing.")
final class TasksCommand implements Callable<Integer> {

    @Mixin
    PlanOptions planOptions;

    @ParentCommand
    DemoCli parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        planOptions.validate(spec);
        DemoPlan plan = planOptions.plan();
        Files.createDirectories(plan.out());
        for (Task task : plan.tasks()) {
            parent.out.println(line(task));
        }
        parent.out.flush();
        return DemoCli.OK;
    }

    /** One task as a line of {@code spool enqueue --file}: type, payload, and maxAttempts when the task sets it. */
    static String line(Task task) {
        JsonObject o = new JsonObject();
        o.addProperty("type", task.type());
        o.add("payload", JsonParser.parseString(task.payload()));
        if (task.hasMaxAttempts()) {
            o.addProperty("maxAttempts", task.maxAttempts());
        }
        return o.toString();
    }
}

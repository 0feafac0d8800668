package dev.spool.worker;

import dev.spool.api.Delivery;
import dev.spool.api.Task;
import dev.spool.api.TaskContext;
import dev.spool.api.TaskHandler;

/** One handler call as seen by a {@link TaskInterceptor}. */
public interface Invocation {

    /** The delivery being run. */
    Delivery delivery();

    /** The task being run. */
    default Task task() {
        return delivery().task();
    }

    /** The queue the task came from. */
    default String queue() {
        return delivery().queue();
    }

    /** The handler that will run the task. */
    TaskHandler<?> handler();

    /** The context the handler receives. */
    TaskContext context();

    /** Runs the rest of the chain: the next interceptor, or the payload decoding and the handler. */
    void proceed() throws Exception;
}

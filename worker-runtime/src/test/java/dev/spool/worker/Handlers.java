package dev.spool.worker;

import com.google.gson.JsonElement;
import dev.spool.api.RetryPolicy;
import dev.spool.api.TaskContext;
import dev.spool.api.TaskHandler;

/** Handlers made from lambdas, for tests. */
final class Handlers {
    private Handlers() {
    }

    /** The body of a test handler. */
    @FunctionalInterface
    interface Body<P> extends TaskHandler.Body<P> {
    }

    static <P> TaskHandler<P> of(String type, Class<P> payloadType, Body<P> body) {
        return of(type, payloadType, null, body);
    }

    static TaskHandler<JsonElement> json(String type, Body<JsonElement> body) {
        return of(type, JsonElement.class, null, body);
    }

    /** A lambda handler ({@link TaskHandler#of}), with its own retry policy when {@code policy} is not null. */
    static <P> TaskHandler<P> of(String type, Class<P> payloadType, RetryPolicy policy, Body<P> body) {
        TaskHandler<P> plain = TaskHandler.of(type, payloadType, body);
        if (policy == null) {
            return plain;
        }
        return new TaskHandler<>() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Class<P> payloadType() {
                return payloadType;
            }

            @Override
            public void handle(P payload, TaskContext context) throws Exception {
                plain.handle(payload, context);
            }

            @Override
            public RetryPolicy retryPolicy() {
                return policy;
            }
        };
    }
}

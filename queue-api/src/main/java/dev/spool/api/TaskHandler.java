package dev.spool.api;

/**
 * The handler SPI: the code that runs tasks of one type. A worker finds handlers with
 * {@link java.util.ServiceLoader} through {@code META-INF/services/dev.spool.api.TaskHandler}
 * (in a JAR on the classpath or in the worker's handlers directory) and creates them through its
 * Guice injector, so a handler may {@code @Inject} what it needs.
 *
 * <pre>{@code
 * public final class SendMail implements TaskHandler<SendMail.Mail> {
 *     public record Mail(String to, String subject) { }
 *     public String type() { return "send_mail"; }
 *     public Class<Mail> payloadType() { return Mail.class; }
 *     public void handle(Mail mail, TaskContext context) throws Exception { ... }
 * }
 * }</pre>
 *
 * <p>For small services and tests, a handler can be a lambda ({@link #of}, or
 * {@code Worker.builder(broker).handle("send_mail", Mail.class, (mail, ctx) -> ...)}).
 *
 * <p>Returning normally acknowledges the task. Throwing schedules a retry under the retry policy,
 * until the task's last attempt, when it is dead-lettered with the exception's message; throwing
 * {@link NonRetryableException} dead-letters it at once. Delivery is at least once: a handler may
 * run twice for one task (its worker died before acknowledging), so an effect that must not repeat
 * should use {@link TaskContext#taskId()} or the task's unique key as an idempotency key.
 *
 * @param <P> the payload class, decoded from the task's JSON by {@link PayloadCodec}
 */
public interface TaskHandler<P> {

    /** The task type this handler runs; one handler per type per worker. */
    String type();

    /** The class the JSON payload is decoded into ({@code com.google.gson.JsonElement} for the raw tree). */
    Class<P> payloadType();

    /**
     * Runs one attempt. Should return promptly once {@link TaskContext#isCancelled()} turns true or
     * the thread is interrupted (the attempt timed out or the worker is stopping).
     */
    void handle(P payload, TaskContext context) throws Exception;

    /** The retry policy for this type; null (the default) means the worker's. */
    default RetryPolicy retryPolicy() {
        return null;
    }

    /** The body of a handler made of a lambda ({@link #of}). */
    @FunctionalInterface
    interface Body<P> {
        /** Runs one attempt, as {@link TaskHandler#handle} does. */
        void handle(P payload, TaskContext context) throws Exception;
    }

    /** A handler of {@code type} whose payload is decoded as {@code payloadType} and run by {@code body}. */
    static <P> TaskHandler<P> of(String type, Class<P> payloadType, Body<P> body) {
        Task.requireType(type);
        java.util.Objects.requireNonNull(payloadType, "payloadType");
        java.util.Objects.requireNonNull(body, "body");
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
                body.handle(payload, context);
            }

            @Override
            public String toString() {
                return "handler of '" + type + "' (a lambda)";
            }
        };
    }
}

package dev.spool.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a Spring bean as the handler of one task type. The payload's class is the method's
 * first parameter; a second parameter, when present, receives the {@link dev.spool.api.TaskContext}:
 *
 * <pre>{@code
 * @Component
 * class Mailer {
 *     @SpoolHandler("send_welcome")
 *     void send(Welcome welcome, TaskContext ctx) { ... }
 * }
 * }</pre>
 *
 * <p>The method returns {@code void}; returning acknowledges the task, an exception retries it with
 * backoff, {@link dev.spool.api.NonRetryableException} dead-letters it (as for any
 * {@link dev.spool.api.TaskHandler}). The payload is decoded from the task's JSON into that class, so it
 * is a record or class (or {@code com.google.gson.JsonElement} for the raw tree), not a generic type such
 * as {@code List<Welcome>}. The bean is looked up for each task, through its proxy when it has one, so
 * {@code @Transactional} and other advice apply. A method that breaks these rules, or a second handler
 * for one type, stops the application at start-up with a message naming the bean, the method and the fix.
 * The handlers run only where {@code spool.worker.enabled=true}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SpoolHandler {

    /** The task type this method runs (1 to 128 characters of {@code [A-Za-z0-9_.:-]}). */
    String value();
}

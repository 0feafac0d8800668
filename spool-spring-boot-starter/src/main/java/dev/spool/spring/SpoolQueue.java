package dev.spool.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the queue of an injected {@link dev.spool.api.TaskQueue}, for producers:
 *
 * <pre>{@code
 * WelcomeController(@SpoolQueue("mail") TaskQueue mail) { this.mail = mail; }
 * }</pre>
 *
 * <p>The handle comes from the application's {@link dev.spool.api.Broker} ({@code broker.queue("mail")}),
 * whose connections it shares. A {@code TaskQueue} injected without this annotation stops the application
 * at start-up with a message naming the injection point.
 */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SpoolQueue {

    /** The queue's name (1 to 64 characters of {@code [A-Za-z0-9_.:-]}). */
    String value();
}

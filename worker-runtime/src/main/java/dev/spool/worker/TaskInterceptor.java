package dev.spool.worker;

/**
 * Code that runs around every handler call, in a chain: each interceptor does its work and calls
 * {@link Invocation#proceed()} to run the rest of the chain (and, at its end, decode the payload
 * and call the handler). Throwing, or letting the handler's exception through, fails the attempt
 * exactly as if the handler had thrown it; returning normally without calling {@code proceed()}
 * skips the handler and acknowledges the task.
 *
 * <pre>{@code
 * public final class Audit implements TaskInterceptor {
 *     public void intercept(Invocation invocation) throws Exception {
 *         log.info("running {}", invocation.task().id());
 *         invocation.proceed();
 *     }
 * }
 * }</pre>
 *
 * <p>The chain, outermost first: with the OpenTelemetry API on the classpath, the tracing interceptor
 * (runs the rest inside the attempt's consumer span; see {@code dev.spool.api.tracing.SpoolTracing}),
 * the worker's logging interceptor (puts {@code taskId}, {@code queue}, {@code taskType} and
 * {@code attempt} in the SLF4J MDC), its metrics interceptor,
 * the interceptors given to {@link Worker.Builder#interceptor}, in that order, those found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.spool.worker.TaskInterceptor}, on
 * the classpath and in handler JARs; created through Guice), and those bound in Guice with
 * {@code Multibinder.newSetBinder(binder(), TaskInterceptor.class)}, in binding order.
 * Interceptors are shared by all handler threads and must be thread-safe.
 */
@FunctionalInterface
public interface TaskInterceptor {

    /** Does this interceptor's work around {@code invocation.proceed()}. */
    void intercept(Invocation invocation) throws Exception;
}

package dev.spool.worker;

import dev.spool.api.tracing.Tracing;

/**
 * The outermost interceptor when the OpenTelemetry API is on the classpath: runs the rest of the chain
 * and the handler inside the attempt's consumer span ({@link Tracing#process}), so the other
 * interceptors' and the handler's work (their logs, HTTP and database calls) belong to it. Without
 * the API the worker does not install it, and an attempt costs nothing more.
 */
final class TracingInterceptor implements TaskInterceptor {

    /** The interceptor when there is something to trace with, else null. */
    static TracingInterceptor ifAvailable() {
        return Tracing.available() ? new TracingInterceptor() : null;
    }

    @Override
    public void intercept(Invocation invocation) throws Exception {
        Tracing.process(invocation.delivery(), invocation::proceed);
    }
}

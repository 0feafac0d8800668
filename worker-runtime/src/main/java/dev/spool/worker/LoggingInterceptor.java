package dev.spool.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The outermost interceptor: puts {@code taskId}, {@code queue}, {@code taskType} and
 * {@code attempt} into the SLF4J MDC for the handler's own log lines, and logs each run at debug.
 */
final class LoggingInterceptor implements TaskInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger("dev.spool.worker.task");

    @Override
    public void intercept(Invocation invocation) throws Exception {
        try (var a = MDC.putCloseable("taskId", invocation.task().id());
             var b = MDC.putCloseable("queue", invocation.queue());
             var c = MDC.putCloseable("taskType", invocation.task().type());
             var d = MDC.putCloseable("attempt", Integer.toString(invocation.task().attempt()))) {
            LOG.debug("start {} {} attempt {}", invocation.task().type(), invocation.task().id(), invocation.task().attempt());
            invocation.proceed();
            LOG.debug("done {} {}", invocation.task().type(), invocation.task().id());
        }
    }
}

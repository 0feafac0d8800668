package dev.spool.spring;

import dev.spool.worker.Worker;

/**
 * A bean that adjusts the application's worker before it is built, for what the {@code spool.worker.*}
 * properties do not cover: interceptors, listeners, Guice modules, a clock, handler discovery through
 * {@code ServiceLoader}, or more handlers.
 *
 * <pre>{@code
 * @Bean
 * SpoolWorkerCustomizer auditing(AuditInterceptor audit) {
 *     return builder -> builder.interceptor(audit);
 * }
 * }</pre>
 *
 * <p>Customizers run in their {@code @Order}, after the properties and the handler beans are applied.
 */
@FunctionalInterface
public interface SpoolWorkerCustomizer {

    /** Adjusts {@code builder}. */
    void customize(Worker.Builder builder);
}

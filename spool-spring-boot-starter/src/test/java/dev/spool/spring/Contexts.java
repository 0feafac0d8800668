package dev.spool.spring;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import java.time.Duration;

/** The starter's auto-configuration on the inmemory backend, as the tests start it. */
final class Contexts {
    static final Duration WAIT = Duration.ofSeconds(20);

    private Contexts() {
    }

    /** An application with the starter, on a private in-memory store; the worker off. */
    static ApplicationContextRunner producer() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SpoolAutoConfiguration.class, SpoolHealthAutoConfiguration.class))
                .withPropertyValues("spool.backend=inmemory");
    }

    /** The same with the worker on, fast retries and a short grace. */
    static ApplicationContextRunner worker() {
        return producer().withPropertyValues("spool.worker.enabled=true", "spool.worker.grace=2s",
                "spool.worker.retry.delay=20ms", "spool.worker.retry.max-delay=100ms");
    }

    /** A servlet web application (a mock servlet context, no server) with the starter and the dashboard's auto-configuration. */
    static WebApplicationContextRunner web() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SpoolAutoConfiguration.class, SpoolDashboardAutoConfiguration.class))
                .withPropertyValues("spool.backend=inmemory");
    }
}

package dev.spool.spring;

import dev.spool.api.BackendException;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code spool} health indicator: the worker's state where one runs, a ping where none does. */
class SpoolHealthTest {

    static Health health(AssertableApplicationContext ctx) {
        return ctx.getBean("spoolHealthIndicator", HealthIndicator.class).health();
    }

    @Test
    void upWhileTheWorkerRunsWithItsFiguresAndDownOnceItStopped() {
        Contexts.worker().withBean(SpoolWorkerTest.Mailer.class).run(ctx -> {
            Health up = health(ctx);
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("backend", "inmemory").containsKeys("worker", "held", "succeeded")
                    .containsEntry("queues", java.util.List.of("default"));
            ctx.getBean(SpoolWorkerLifecycle.class).stop();
            Health down = health(ctx);
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsEntry("reason", "the worker is not running");
        });
    }

    @Test
    void aProducerIsUpWhileTheBackendAnswersAPing() {
        Contexts.producer().run(ctx -> assertThat(health(ctx).getStatus()).isEqualTo(Status.UP));
    }

    @Test
    void aProducerIsDownWhenThePingFailsAndTheReasonHidesThePassword() {
        Broker real = Spool.connect("inmemory", "inmemory://");
        Broker unreachable = (Broker) Proxy.newProxyInstance(Broker.class.getClassLoader(), new Class<?>[]{Broker.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("ping")) {
                        throw new BackendException("cannot reach redis-list at redis://spool:secret@10.0.0.9:6379");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Contexts.producer().withBean(Broker.class, () -> unreachable).run(ctx -> {
            Health h = health(ctx);
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat(h.getDetails().get("reason")).asString().contains("redis://spool:***@10.0.0.9:6379")
                    .doesNotContain("secret");
        });
    }

    @Test
    void turnedOffByTheActuatorsProperty() {
        Contexts.producer().withPropertyValues("management.health.spool.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean("spoolHealthIndicator"));
    }
}

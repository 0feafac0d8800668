package dev.spool.spring;

import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskHandler;
import dev.spool.api.TaskQueue;
import dev.spool.worker.Worker;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the auto-configuration defines, what it leaves to the application, and how the properties bind. */
class SpoolAutoConfigurationTest {

    @Test
    void aProducerGetsABrokerAndNoWorkerUnlessOneIsAskedFor() {
        Contexts.producer().run(ctx -> {
            assertThat(ctx).hasSingleBean(Broker.class).hasSingleBean(SpoolHandlers.class)
                    .doesNotHaveBean(SpoolWorkerLifecycle.class);
            assertThat(ctx.getBean(Broker.class).backend()).isEqualTo("inmemory");
        });
        Contexts.producer().withPropertyValues("spool.worker.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(SpoolWorkerLifecycle.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        static final Broker BROKER = Spool.connect("inmemory", "inmemory://");

        @Bean
        Broker myBroker() {
            return BROKER;
        }

        @Bean
        TaskQueue myQueue(Broker broker) {
            return broker.queue("mine");
        }

        @Bean
        HealthIndicator spoolHealthIndicator() {
            return () -> Health.unknown().build();
        }

        @Bean
        SpoolWorkerLifecycle myWorker(Broker broker) {
            TaskHandler<String> noop = TaskHandler.of("noop", String.class, (s, c) -> { });
            return new SpoolWorkerLifecycle(broker, new SpoolProperties.Worker(), () -> List.of(noop), () -> null, List.of());
        }
    }

    @Test
    void everyBeanBacksOffWhenTheApplicationDefinesItsOwn() {
        Contexts.worker().withUserConfiguration(OwnBeans.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(Broker.class).hasSingleBean(TaskQueue.class).hasSingleBean(SpoolWorkerLifecycle.class);
            assertThat(ctx.getBean(Broker.class)).isSameAs(OwnBeans.BROKER);
            assertThat(ctx.getBeanNamesForType(SpoolWorkerLifecycle.class)).containsExactly("myWorker");
            assertThat(ctx.getBean("spoolHealthIndicator", HealthIndicator.class).health().getStatus().getCode())
                    .isEqualTo("UNKNOWN");
        });
    }

    record Producer(@SpoolQueue("mail") TaskQueue mail) {
    }

    @Test
    void noWorkerRunsBesideAWorkerTheApplicationBuildsItself() {
        try (Broker own = Spool.connect("inmemory", "inmemory://")) {
            Contexts.worker().withBean(Worker.class, () -> Worker.builder(own).handle("noop", String.class, (s, c) -> { }).build())
                    .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(Worker.class)
                            .doesNotHaveBean(SpoolWorkerLifecycle.class));
        }
    }

    @Test
    void aTaskQueueIsInjectedByTheNameOnItsSpoolQueueAnnotation() {
        Contexts.producer().withBean(Producer.class).run(ctx -> {
            ctx.getBean(Producer.class).mail().enqueue(Task.ofValue("send_welcome", new Welcome("ada@example.com", "Ada")));
            assertThat(ctx.getBean(Broker.class).inspector().stats("mail").ready()).isEqualTo(1);
        });
    }

    record Unnamed(TaskQueue queue) {
    }

    @Test
    void aTaskQueueWithoutItsNameStopsStartUpNamingTheInjectionPointAndTheFix() {
        Contexts.producer().withBean(Unnamed.class).run(ctx -> assertThat(ctx).getFailure().rootCause()
                .hasMessageContaining("a TaskQueue is injected into")
                .hasMessageContaining("Unnamed")
                .hasMessageContaining("annotate it @SpoolQueue(\"name\")"));
    }

    @Test
    void backendOptionsBindWithTheDotsInTheirNames() {
        Contexts.producer().withPropertyValues("spool.backend-options.namespace=billing",
                "spool.backend-options.dead.max-count=500", "spool.backend-options.[replicas.wait]=1").run(ctx ->
                assertThat(ctx.getBean(SpoolProperties.class).getBackendOptions())
                        .containsEntry("namespace", "billing").containsEntry("dead.max-count", "500")
                        .containsEntry("replicas.wait", "1"));
    }

    @Test
    void anUnknownBackendStopsStartUpNamingTheBackendsOnTheClasspath() {
        Contexts.producer().withPropertyValues("spool.backend=redis-lists").run(ctx -> assertThat(ctx).getFailure()
                .rootCause().hasMessageContaining("unknown backend 'redis-lists'")
                .hasMessageContaining("inmemory").hasMessageContaining("redis-list"));
    }
}

package dev.spool.spring;

import com.google.gson.JsonElement;
import dev.spool.api.Broker;
import dev.spool.api.QueueStats;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskContext;
import dev.spool.api.TaskHandler;
import dev.spool.testkit.Eventually;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker in the application: its handlers, its start and graceful stop, its meters. */
class SpoolWorkerTest {

    static class Mailer {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final AtomicInteger pings = new AtomicInteger();

        @SpoolHandler("send_welcome")
        void send(Welcome welcome, TaskContext ctx) {
            sent.add(welcome.email() + " on " + ctx.queue());
        }

        @SpoolHandler("ping")
        public void ping(JsonElement any) {
            pings.incrementAndGet();
        }
    }

    static class CountWords implements TaskHandler<String> {
        final AtomicInteger words = new AtomicInteger();

        @Override
        public String type() {
            return "count_words";
        }

        @Override
        public Class<String> payloadType() {
            return String.class;
        }

        @Override
        public void handle(String text, TaskContext context) {
            words.addAndGet(text.split(" ").length);
        }
    }

    static void enqueue(AssertableApplicationContext ctx, String type, Object payload) {
        ctx.getBean(Broker.class).queue("default").enqueue(Task.ofValue(type, payload));
    }

    @Test
    void handlerBeansAndSpoolHandlerMethodsRunTheirTasksWithMetersInTheApplicationsRegistry() {
        Contexts.worker().withBean(Mailer.class).withBean(CountWords.class).withBean(SimpleMeterRegistry.class)
                .run(ctx -> {
                    assertThat(ctx.getBean(SpoolWorkerLifecycle.class).isRunning()).isTrue();
                    enqueue(ctx, "send_welcome", new Welcome("ada@example.com", "Ada"));
                    enqueue(ctx, "ping", 1);
                    enqueue(ctx, "count_words", "one two three");
                    Mailer mailer = ctx.getBean(Mailer.class);
                    Eventually.until(Contexts.WAIT, "the three tasks ran", () -> mailer.sent.size() == 1
                            && mailer.pings.get() == 1 && ctx.getBean(CountWords.class).words.get() == 3);
                    assertThat(mailer.sent).containsExactly("ada@example.com on default");
                    SimpleMeterRegistry meters = ctx.getBean(SimpleMeterRegistry.class);
                    Eventually.until(Contexts.WAIT, "the meters counted the three", () ->
                            meters.find("spool.tasks.succeeded").counters().stream().mapToDouble(c -> c.count()).sum() == 3);
                    assertThat(meters.get("spool.tasks.succeeded").tag("type", "send_welcome").counter().count()).isEqualTo(1);
                });
    }

    @Test
    void aProxiedBeansHandlerMethodIsCalledThroughItsProxy() {
        AtomicInteger advised = new AtomicInteger();
        BeanPostProcessor proxying = new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof Mailer)) {
                    return bean;
                }
                ProxyFactory f = new ProxyFactory(bean);
                f.setProxyTargetClass(true);
                f.addAdvice((MethodInterceptor) call -> {
                    advised.incrementAndGet();
                    return call.proceed();
                });
                return f.getProxy();
            }
        };
        Contexts.worker().withBean(Mailer.class).withBean(BeanPostProcessor.class, () -> proxying).run(ctx -> {
            enqueue(ctx, "ping", 1);
            Eventually.until(Contexts.WAIT, "the ping ran through the proxy", () -> advised.get() == 1);
        });
    }

    @Test
    void aCustomizerAdjustsTheWorkerBeforeItIsBuilt() {
        AtomicInteger extra = new AtomicInteger();
        Contexts.worker().withBean(SpoolWorkerCustomizer.class,
                () -> b -> b.handle("extra", String.class, (s, c) -> extra.incrementAndGet())).run(ctx -> {
            enqueue(ctx, "extra", "x");
            Eventually.until(Contexts.WAIT, "the customizer's handler ran", () -> extra.get() == 1);
        });
    }

    @Test
    void stoppingTheApplicationLetsTheRunningTaskFinishAndHandsBackTheTasksNotStarted() throws Exception {
        String store = "inmemory://graceful-" + UUID.randomUUID();
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        TaskHandler<String> slow = TaskHandler.of("slow", String.class, (s, c) -> {
            started.countDown();
            Eventually.until(Contexts.WAIT, "the worker began to stop", c::isCancelled); // then returns normally
            finished.incrementAndGet();
        });
        try (Broker observer = Spool.connect("inmemory", store)) {
            for (int i = 0; i < 3; i++) {
                observer.queue("default").enqueue(Task.ofValue("slow", "task " + i));
            }
            Contexts.worker().withPropertyValues("spool.redis.url=" + store, "spool.worker.concurrency=1",
                            "spool.worker.prefetch=1")
                    .withBean("slow", TaskHandler.class, () -> slow)
                    .run(ctx -> {
                        assertThat(started.await(Contexts.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                        Eventually.until(Contexts.WAIT, "one running, one fetched ahead",
                                () -> observer.inspector().stats("default").inFlight() == 2);
                    }); // the context closes here
            QueueStats stats = observer.inspector().stats("default");
            assertThat(finished.get()).as("the running task finished within the grace period").isEqualTo(1);
            assertThat(stats.processed()).as("and was acknowledged").isEqualTo(1);
            assertThat(stats.inFlight()).isZero();
            assertThat(stats.ready()).as("the task fetched ahead was handed back beside the one never fetched").isEqualTo(2);
        }
    }

    @Test
    void aWorkerWithoutHandlersStopsStartUpWithTheFix() {
        Contexts.worker().run(ctx -> assertThat(ctx).getFailure()
                .hasStackTraceContaining("cannot start the Spool worker (spool.worker.enabled=true): no task handlers found")
                .hasStackTraceContaining("declare a TaskHandler bean or a @SpoolHandler method"));
    }

    @Test
    void aBadWorkerSettingStopsStartUpNamingIt() {
        Contexts.worker().withBean(Mailer.class).withPropertyValues("spool.worker.concurrency=0").run(ctx ->
                assertThat(ctx).getFailure().rootCause().hasMessageContaining("worker concurrency is 0; use 1 to 10000"));
    }
}

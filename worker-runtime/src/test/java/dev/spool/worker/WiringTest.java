package dev.spool.worker;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskContext;
import dev.spool.api.TaskHandler;
import dev.spool.testkit.Eventually;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Handler discovery in JARs, Guice injection, and the interceptor chain. */
class WiringTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    Broker broker;
    Worker worker;

    @BeforeEach
    void open() {
        broker = Spool.connect("inmemory", BackendConfig.of("inmemory://"));
    }

    @AfterEach
    void close() {
        if (worker != null) {
            worker.close();
        }
        broker.close();
    }

    @Test
    void handlersModulesAndInterceptorsInAJarAreFoundAndInjected() throws Exception {
        Path handlers = tmp.resolve("handlers");
        Path record = Files.createDirectories(tmp.resolve("record"));
        HandlerJars.build(handlers.resolve("greeter.jar"), Map.of(
                "acme.GreetModule", """
                        package acme;
                        public class GreetModule extends com.google.inject.AbstractModule {
                            protected void configure() {
                                bind(String.class).annotatedWith(com.google.inject.name.Names.named("greeting")).toInstance("hello");
                            }
                        }
                        """,
                "acme.Greeter", """
                        package acme;
                        import com.google.gson.JsonElement;
                        import dev.spool.api.*;
                        import jakarta.inject.Inject;
                        import jakarta.inject.Named;
                        import java.nio.file.*;
                        public class Greeter implements TaskHandler<JsonElement> {
                            private final String greeting;
                            private final Broker broker;
                            @Inject public Greeter(@Named("greeting") String greeting, Broker broker) {
                                this.greeting = greeting; this.broker = broker;
                            }
                            public String type() { return "greet"; }
                            public Class<JsonElement> payloadType() { return JsonElement.class; }
                            public void handle(JsonElement p, TaskContext ctx) throws Exception {
                                Files.writeString(Path.of(System.getProperty("spool.test.record")).resolve(ctx.taskId()),
                                        greeting + " " + p.getAsJsonObject().get("name").getAsString() + " via " + broker.backend());
                            }
                        }
                        """,
                "acme.Stamp", """
                        package acme;
                        import dev.spool.worker.*;
                        import java.nio.file.*;
                        public class Stamp implements TaskInterceptor {
                            public void intercept(Invocation inv) throws Exception {
                                inv.proceed();
                                Files.writeString(Path.of(System.getProperty("spool.test.record")).resolve(inv.task().id() + ".stamp"), "x");
                            }
                        }
                        """),
                Map.of("dev.spool.api.TaskHandler", List.of("acme.Greeter"),
                        "com.google.inject.Module", List.of("acme.GreetModule"),
                        "dev.spool.worker.TaskInterceptor", List.of("acme.Stamp")));
        System.setProperty("spool.test.record", record.toString());
        worker = Worker.builder(broker).queues("q").discoverHandlers(false).handlersDirectory(handlers).build();
        assertThat(worker.handledTypes()).containsExactly("greet");
        worker.start();
        String id = broker.queue("q").enqueue(Task.of("greet", "{\"name\":\"Ada\"}")).taskId();
        Eventually.until(WAIT, "the handler ran", () -> worker.snapshot().succeeded() == 1);
        assertThat(Files.readString(record.resolve(id))).isEqualTo("hello Ada via inmemory");
        assertThat(record.resolve(id + ".stamp")).exists();
    }

    @Test
    void twoHandlersForOneTypeStopStartUpNamingBothClassesAndJars() throws Exception {
        Path handlers = tmp.resolve("handlers");
        HandlerJars.build(handlers.resolve("one.jar"), Map.of("one.Mail", HandlerJars.recordingHandler("one.Mail", "send_mail")),
                Map.of("dev.spool.api.TaskHandler", List.of("one.Mail")));
        HandlerJars.build(handlers.resolve("two.jar"), Map.of("two.Mailer", HandlerJars.recordingHandler("two.Mailer", "send_mail")),
                Map.of("dev.spool.api.TaskHandler", List.of("two.Mailer")));
        assertThatThrownBy(() -> Worker.builder(broker).discoverHandlers(false).handlersDirectory(handlers).build())
                .hasMessageContaining("two handlers for task type 'send_mail'")
                .hasMessageContaining("one.Mail").hasMessageContaining(handlers.resolve("one.jar").toString())
                .hasMessageContaining("two.Mailer").hasMessageContaining(handlers.resolve("two.jar").toString());
    }

    @Test
    void aJarNamingAMissingClassIsAClearError() throws Exception {
        Path handlers = tmp.resolve("handlers");
        HandlerJars.build(handlers.resolve("typo.jar"), Map.of("ok.Real", HandlerJars.recordingHandler("ok.Real", "real")),
                Map.of("dev.spool.api.TaskHandler", List.of("ok.Reall")));
        assertThatThrownBy(() -> Worker.builder(broker).discoverHandlers(false).handlersDirectory(handlers).build())
                .hasMessageContaining("typo.jar").hasMessageContaining("'ok.Reall'").hasMessageContaining("cannot be loaded");
    }

    /** A handler with an injected field, given as an instance. */
    static final class Injected implements TaskHandler<com.google.gson.JsonElement> {
        @Inject
        @Named("suffix")
        String suffix;
        final List<String> seen;

        Injected(List<String> seen) {
            this.seen = seen;
        }

        @Override
        public String type() {
            return "inj";
        }

        @Override
        public Class<com.google.gson.JsonElement> payloadType() {
            return com.google.gson.JsonElement.class;
        }

        @Override
        public void handle(com.google.gson.JsonElement payload, TaskContext context) {
            seen.add("handler:" + suffix + ":mdc=" + (context.taskId().equals(MDC.get("taskId"))));
        }
    }

    @Test
    void interceptorsRunInTheDocumentedOrderAroundAnInjectedHandler() {
        List<String> order = new CopyOnWriteArrayList<>();
        worker = Worker.builder(broker).queues("q").discoverHandlers(false)
                .modules(new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(String.class).annotatedWith(com.google.inject.name.Names.named("suffix")).toInstance("S");
                        Multibinder.newSetBinder(binder(), TaskInterceptor.class).addBinding().toInstance(inv -> {
                            order.add("guice>");
                            inv.proceed();
                            order.add("<guice");
                        });
                    }
                })
                .interceptor(inv -> {
                    order.add("first>mdc=" + inv.task().id().equals(MDC.get("taskId")));
                    inv.proceed();
                    order.add("<first");
                })
                .interceptor(inv -> {
                    order.add("second>");
                    inv.proceed();
                    order.add("<second");
                })
                .handler(new Injected(order)).build();
        worker.start();
        broker.queue("q").enqueue(Task.of("inj", "{}"));
        Eventually.until(WAIT, "the handler ran", () -> worker.snapshot().succeeded() == 1);
        assertThat(order).containsExactly("first>mdc=true", "second>", "guice>", "handler:S:mdc=true",
                "<guice", "<second", "<first");
    }

    @Test
    void anInterceptorThatThrowsFailsTheAttemptLikeTheHandler() {
        worker = Worker.builder(broker).queues("q").discoverHandlers(false)
                .handler(Handlers.json("t", (p, ctx) -> { }))
                .interceptor(inv -> {
                    throw new dev.spool.api.NonRetryableException("refused by policy interceptor");
                }).build();
        worker.start();
        broker.queue("q").enqueue(Task.of("t", "{}"));
        Eventually.until(WAIT, "a dead letter", () -> broker.inspector().stats("q").dead() == 1);
        assertThat(broker.inspector().deadLetters("q", 0, 1).get(0).error()).isEqualTo("refused by policy interceptor");
    }
}

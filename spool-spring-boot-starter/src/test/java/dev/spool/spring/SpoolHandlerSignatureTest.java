package dev.spool.spring;

import dev.spool.api.TaskContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link SpoolHandler} method that cannot run tasks stops the application's start-up, worker or not,
 * with a message naming the bean, the method, what is wrong and the fix.
 */
class SpoolHandlerSignatureTest {

    static void failsWith(Class<?> bean, String... parts) {
        for (ApplicationContextRunner runner : List.of(Contexts.producer(), Contexts.worker())) {
            runner.withBean("handlers", bean).run(ctx -> {
                var failure = assertThat(ctx).getFailure();
                for (String part : parts) {
                    failure.hasMessageContaining(part);
                }
            });
        }
    }

    static class NoPayload {
        @SpoolHandler("t")
        void run() {
        }
    }

    static class ContextFirst {
        @SpoolHandler("t")
        void run(TaskContext ctx, Welcome w) {
        }
    }

    static class SecondNotContext {
        @SpoolHandler("t")
        void run(Welcome w, String other) {
        }
    }

    @Test
    void parametersOtherThanPayloadAndContext() {
        String fix = "declare it as @SpoolHandler(\"type\") void name(Payload payload, TaskContext context)";
        failsWith(NoPayload.class, "@SpoolHandler method NoPayload.run() of bean 'handlers'", "takes ()", fix);
        failsWith(ContextFirst.class, "ContextFirst.run(TaskContext, Welcome) of bean 'handlers'",
                "takes (TaskContext, Welcome)", fix);
        failsWith(SecondNotContext.class, "SecondNotContext.run(Welcome, String)", fix);
    }

    static class ReturnsValue {
        @SpoolHandler("t")
        String run(Welcome w) {
            return "sent";
        }
    }

    @Test
    void aReturnValue() {
        failsWith(ReturnsValue.class, "ReturnsValue.run(Welcome) of bean 'handlers'", "returns String",
                "return void; set a result with context.setResult(value)");
    }

    static class GenericPayload {
        @SpoolHandler("t")
        void run(List<Welcome> batch) {
        }
    }

    @Test
    void aGenericPayload() {
        failsWith(GenericPayload.class, "GenericPayload.run(List)", "generic payload type java.util.List<dev.spool.spring.Welcome>",
                "wrap it in a record");
    }

    static class BadType {
        @SpoolHandler("send welcome")
        void run(Welcome w) {
        }
    }

    @Test
    void anInvalidTaskType() {
        failsWith(BadType.class, "BadType.run(Welcome) of bean 'handlers'", "'send welcome', which is not valid",
                "e.g. @SpoolHandler(\"send_welcome\")");
    }

    static class AlsoSendsWelcome {
        @SpoolHandler("send_welcome")
        void send(Welcome w) {
        }
    }

    @Test
    void twoHandlersForOneTypeNameBoth() {
        Contexts.producer().withBean("mailer", SpoolWorkerTest.Mailer.class).withBean("also", AlsoSendsWelcome.class).run(ctx ->
                assertThat(ctx).getFailure()
                        .hasMessageContaining("two handlers for task type 'send_welcome'")
                        .hasMessageContaining("@SpoolHandler method Mailer.send(Welcome, TaskContext) of bean 'mailer' and "
                                + "@SpoolHandler method AlsoSendsWelcome.send(Welcome) of bean 'also'")
                        .hasMessageContaining("keep one of them"));
    }
}

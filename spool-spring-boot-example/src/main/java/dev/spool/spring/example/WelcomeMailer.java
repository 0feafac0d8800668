package dev.spool.spring.example;

import dev.spool.api.Task;
import dev.spool.api.TaskContext;
import dev.spool.api.TaskQueue;
import dev.spool.spring.SpoolHandler;
import dev.spool.spring.SpoolQueue;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Runs {@code send_welcome} tasks: a handler as a method of a bean. After the welcome it enqueues the
 * tips as a task of their own, so that a failure of one does not send the other twice; the unique key
 * keeps a second run of this task from enqueueing them again.
 */
@Component
class WelcomeMailer {
    private final Outbox outbox;
    private final TaskQueue mail;

    WelcomeMailer(Outbox outbox, @SpoolQueue("mail") TaskQueue mail) {
        this.outbox = outbox;
        this.mail = mail;
    }

    @SpoolHandler("send_welcome")
    void send(Welcome welcome, TaskContext ctx) {
        outbox.send(ctx.taskId(), welcome.email(), "Welcome, " + welcome.name() + "!");
        mail.enqueue(Task.builder("send_tips").payloadValue(welcome)
                .uniqueKey("tips:" + ctx.taskId()).uniqueFor(Duration.ofDays(1)).build());
    }
}

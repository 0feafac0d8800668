package dev.spool.spring.example;

import dev.spool.api.TaskContext;
import dev.spool.api.TaskHandler;
import org.springframework.stereotype.Component;

/** Runs {@code send_tips} tasks: a handler as a {@link TaskHandler} bean. */
@Component
class SendTips implements TaskHandler<Welcome> {
    private final Outbox outbox;

    SendTips(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public String type() {
        return "send_tips";
    }

    @Override
    public Class<Welcome> payloadType() {
        return Welcome.class;
    }

    @Override
    public void handle(Welcome welcome, TaskContext ctx) {
        outbox.send(ctx.taskId(), welcome.email(), "Three tips for your first week, " + welcome.name());
    }
}

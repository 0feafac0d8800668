package dev.spool.security;

import dev.spool.api.TaskContext;
import dev.spool.api.TaskHandler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The handlers the embedded workers of these tests run. */
final class Handlers {
    private Handlers() {
    }

    /** The payload shape of {@link MailHandler}. */
    record Mail(String to, int count) {
    }

    /** Type {@code mail}: records every payload it gets. */
    static final class MailHandler implements TaskHandler<Mail> {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public String type() {
            return "mail";
        }

        @Override
        public Class<Mail> payloadType() {
            return Mail.class;
        }

        @Override
        public void handle(Mail payload, TaskContext context) {
            seen.add(context.taskId() + " " + payload);
        }
    }

    /** Type {@code text}: records the string payload it gets. */
    static final class TextHandler implements TaskHandler<String> {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public String type() {
            return "text";
        }

        @Override
        public Class<String> payloadType() {
            return String.class;
        }

        @Override
        public void handle(String payload, TaskContext context) {
            seen.add(context.taskId() + " " + payload);
        }
    }
}

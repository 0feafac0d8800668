package dev.spool.spring.example;

import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the example's mails go instead of a mail server: kept in memory, in the order sent. A mail is
 * sent once per id: a task may run twice (its worker died before the acknowledgement), so the handlers
 * use the task's id as the mail's.
 */
@Component
public class Outbox {
    private final Map<String, String> sent = new LinkedHashMap<>();

    /** Sends {@code text} to {@code to}, unless a mail of this id was sent already. */
    public synchronized void send(String id, String to, String text) {
        sent.putIfAbsent(id, to + ": " + text);
    }

    /** The mails sent so far. */
    public synchronized List<String> sent() {
        return new ArrayList<>(sent.values());
    }
}

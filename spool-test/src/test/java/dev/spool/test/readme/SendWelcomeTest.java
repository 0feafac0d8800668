package dev.spool.test.readme;

import dev.spool.api.Broker;
import dev.spool.api.Task;
import dev.spool.test.SpoolHarness;
import dev.spool.test.SpoolTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The example of the README's "Testing your handlers", compiled and run: the lines between the markers are
 * the README's snippet, word for word ({@link ReadmeSnippetTest} checks it). It lives outside the kit's
 * package, so it can use only the kit's public API.
 */
// README snippet begin
@SpoolTest
class SendWelcomeTest {
    record Welcome(String email, String name) { }

    @Test
    void sends_the_welcome_mail_and_retries_when_the_server_is_busy(SpoolHarness spool) {
        List<String> sent = new ArrayList<>();
        spool.handle("send_welcome", Welcome.class, (welcome, ctx) -> {
            if (ctx.attempt() == 1) throw new IOException("mail server busy");   // fails once
            sent.add(welcome.email());
        });
        spool.queue("mail").enqueue(Task.ofValue("send_welcome", new Welcome("ada@example.com", "Ada")));

        spool.drain();   // runs it, moves the clock past the retry's backoff, runs it again

        spool.enqueued("mail").ofType("send_welcome").single().assertSucceeded().assertRetries(1);
        assertEquals(List.of("ada@example.com"), sent);
    }

    @Test
    void signing_up_enqueues_the_welcome_mail_for_ten_minutes_later(SpoolHarness spool) {
        new SignUp(spool.broker()).register("ada@example.com", "Ada");   // the application's code

        spool.enqueued("mail").ofType("send_welcome").single()
                .assertPayload(new Welcome("ada@example.com", "Ada"))
                .assertDelay(Duration.ofMinutes(10))
                .assertUniqueKey("welcome:ada@example.com");
    }
}
// README snippet end

/** The application code under test in the README's example. */
final class SignUp {
    private final Broker broker;

    SignUp(Broker broker) {
        this.broker = broker;
    }

    void register(String email, String name) {
        broker.queue("mail").enqueue(Task.builder("send_welcome")
                .payloadValue(new SendWelcomeTest.Welcome(email, name))
                .delay(Duration.ofMinutes(10))
                .uniqueKey("welcome:" + email)
                .build());
    }
}

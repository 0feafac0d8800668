package dev.spool.test;

import dev.spool.api.Task;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What was enqueued, asserted in the kit's own words: each failure names the queue, the task and what was there. */
@SpoolTest
class AssertionMessagesTest {
    record Welcome(String email, String name) {
    }

    @Test
    void theTypePayloadDelayUniqueKeyPriorityAndHeadersOfAnEnqueuedTaskCanBeAsserted(SpoolHarness spool) {
        spool.queue("mail").enqueue(Task.builder("send_welcome").payloadValue(new Welcome("ada@example.com", "Ada"))
                .delay(Duration.ofMinutes(10)).uniqueKey("welcome:ada").priority(5).header("tenant", "acme").build());

        EnqueuedTask task = spool.enqueued("mail").ofType("send_welcome").single()
                .assertPayload(new Welcome("ada@example.com", "Ada"))
                .assertPayloadJson("{ \"name\": \"Ada\", \"email\": \"ada@example.com\" }")
                .assertDelay(Duration.ofMinutes(10))
                .assertUniqueKey("welcome:ada")
                .assertPriority(5)
                .assertHeader("tenant", "acme")
                .assertHeader("other", null)
                .assertPending();

        assertThat(task.payload(Welcome.class).name()).isEqualTo("Ada");
        assertThat(task.queue()).isEqualTo("mail");
        assertThat(task.type()).isEqualTo("send_welcome");
        assertThat(task.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(spool.enqueued().size()).isEqualTo(1);
        assertThat(spool.enqueued("other").isEmpty()).isTrue();
    }

    @Test
    void noTaskOfTheTypeListsWhatTheQueueDidReceive(SpoolHarness spool) {
        String id = spool.queue("mail").enqueue(Task.ofValue("send_invoice", new Welcome("ada@example.com", "Ada"))).taskId();

        assertThatThrownBy(() -> spool.enqueued("mail").ofType("send_welcome").single())
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected exactly one task enqueued on queue 'mail' of type 'send_welcome', but there were none\n"
                        + "Tasks enqueued on queue 'mail':\n"
                        + "  - task " + id + " of type 'send_invoice' on queue 'mail' "
                        + "{\"email\":\"ada@example.com\",\"name\":\"Ada\"}: ready, never run");
        assertThatThrownBy(() -> spool.enqueued("mail").assertCount(2))
                .hasMessageStartingWith("expected 2 tasks enqueued on queue 'mail', but there was 1:\n  - task " + id);
        assertThatThrownBy(() -> spool.enqueued("mail").get(1)).hasMessageStartingWith("expected at least 2 tasks");
        assertThatThrownBy(() -> spool.enqueued("nothing").assertCount(1))
                .hasMessageContaining("(nothing was enqueued through the harness's broker: give the code under test "
                        + "spool.broker())");
    }

    @Test
    void aWrongPayloadShowsBothAndOneThatDoesNotDecodeNamesTheField(SpoolHarness spool) {
        EnqueuedTask task = spool.enqueue("mail", Task.of("send_welcome", "{\"email\":\"ada@example.com\",\"name\":7}"));
        EnqueuedTask odd = spool.enqueue("mail", Task.of("send_welcome", "{\"email\":[1]}"));

        assertThatThrownBy(() -> task.assertPayload(new Welcome("ada@example.com", "Ada")))
                .hasMessage("expected task " + task.id() + " of type 'send_welcome' on queue 'mail' "
                        + "{\"email\":\"ada@example.com\",\"name\":7} to have the payload "
                        + "{\"email\":\"ada@example.com\",\"name\":\"Ada\"}, but its payload is "
                        + "{\"email\":\"ada@example.com\",\"name\":7}\n"
                        + "(a pending task runs when the test calls spool.drain() or spool.runReady())");
        assertThatThrownBy(() -> odd.payload(Welcome.class)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("task " + odd.id() + " of type 'send_welcome' on queue 'mail': its payload "
                        + "{\"email\":[1]} is not a Welcome")
                .hasMessageContaining("$.email");
    }

    @Test
    void aWrongDelayOrUniqueKeySaysWhatItWas(SpoolHarness spool) {
        EnqueuedTask task = spool.enqueue("mail", Task.builder("send_welcome").delay(Duration.ofMinutes(5)).build());
        EnqueuedTask now = spool.enqueue("mail", Task.of("send_welcome", "{}"));

        assertThatThrownBy(() -> task.assertDelay(Duration.ofMinutes(10)))
                .hasMessageMatching("(?s).* to be delayed 10m, but it was delayed (5m|4m 59\\.9\\d*s) \\(runAt .*, "
                        + "enqueued at .* by the harness clock\\).*");
        assertThatThrownBy(() -> now.assertDelay(Duration.ofMinutes(10))).hasMessageContaining("but it was due at once");
        now.assertDelay(Duration.ZERO);
        assertThatThrownBy(() -> task.assertUniqueKey("welcome:ada"))
                .hasMessageContaining("to have the unique key 'welcome:ada', but it has none");
    }

    @Test
    void anOutcomeAssertionSaysWhereTheTaskStandsAndWhatEachAttemptCameTo(SpoolHarness spool) {
        spool.worker(w -> w.retryPolicy(DrainTest.EXACT.withMaxAttempts(2)));
        spool.handle("send_welcome", Welcome.class, (w, ctx) -> {
            throw new IOException("smtp down");
        });
        EnqueuedTask task = spool.enqueue("mail", Task.ofValue("send_welcome", new Welcome("ada@example.com", "Ada")));

        assertThatThrownBy(task::assertSucceeded)
                .hasMessage("expected task " + task.id() + " of type 'send_welcome' on queue 'mail' "
                        + "{\"email\":\"ada@example.com\",\"name\":\"Ada\"} to have succeeded, but it is ready, never run\n"
                        + "(a pending task runs when the test calls spool.drain() or spool.runReady())");

        spool.runReady();
        assertThatThrownBy(task::assertSucceeded)
                .hasMessageContaining("to have succeeded, but it is scheduled for ")
                .hasMessageContaining("(in 1s by the harness clock), after 1 failed attempt (last: java.io.IOException: "
                        + "smtp down)\nits attempts:\n  - attempt 1 failed, retry in 1s: java.io.IOException: smtp down");

        spool.drain();
        assertThatThrownBy(task::assertSucceeded)
                .hasMessageEndingWith("to have succeeded, but it was dead-lettered after attempt 2: "
                        + "java.io.IOException: smtp down\n"
                        + "its attempts:\n"
                        + "  - attempt 1 failed, retry in 1s: java.io.IOException: smtp down\n"
                        + "  - attempt 2 failed, dead-lettered: java.io.IOException: smtp down");
        assertThatThrownBy(() -> task.assertDeadLettered("timeout"))
                .hasMessageContaining("to be dead-lettered with a reason containing 'timeout', but it was dead-lettered");
        assertThatThrownBy(() -> task.assertRetries(0)).hasMessageContaining("to have been retried 0 times");
        assertThat(task.errors()).containsExactly("java.io.IOException: smtp down", "java.io.IOException: smtp down");
        assertThat(task.deadReason()).isEqualTo("java.io.IOException: smtp down");
        assertThat(spool.enqueued("mail").withOutcome(Outcome.DEAD_LETTERED).size()).isEqualTo(1);
        assertThatThrownBy(() -> spool.enqueued("mail").assertAllSucceeded()).hasMessageContaining("dead-lettered");
    }

    @Test
    void aTaskRefusedForItsUniqueKeyIsListedApartWithTheTaskThatHoldsIt(SpoolHarness spool) {
        EnqueuedTask first = spool.enqueue("mail", Task.builder("send_welcome").uniqueKey("welcome:ada").build());
        EnqueuedTask second = spool.enqueue("mail", Task.builder("send_welcome").uniqueKey("welcome:ada").build());

        spool.enqueued("mail").single().assertUniqueKey("welcome:ada");
        assertThat(spool.refused("mail").single().id()).isEqualTo(second.id());
        assertThat(second.outcome()).isEqualTo(Outcome.REFUSED);
        assertThatThrownBy(second::assertPending).hasMessageContaining("to be pending, but it was refused as a duplicate "
                + "of task " + first.id() + " (unique key 'welcome:ada')");
    }

    @Test
    void aResultAndATaskPurgedFromUnderTheHarnessAreReported(SpoolHarness spool) {
        record Count(int n) {
        }
        spool.handle("count", Welcome.class, (w, ctx) -> ctx.setResult(new Count(3)));
        EnqueuedTask counted = spool.enqueue("mail", Task.ofValue("count", new Welcome("a", "b")));
        EnqueuedTask purged = spool.enqueue("later", Task.builder("count").delay(Duration.ofHours(1)).build());
        spool.broker().inspector().purge("later");

        spool.drain();

        assertThat(counted.assertSucceeded().result(Count.class)).isEqualTo(new Count(3));
        assertThat(purged.outcome()).isEqualTo(Outcome.GONE);
        assertThat(purged.toString()).endsWith(": no longer in queue 'later', with no outcome seen (purged, cancelled, "
                + "or dropped when it expired)");
    }
}

package dev.spool.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadCodecTest {
    record Mail(String to, int count, Instant at, Duration within, List<String> tags) {
    }

    private static Task task(String json) {
        return Task.builder("mail").id("T1").payload(json).build();
    }

    @Test
    void aRecordRoundTripsWithJavaTimeValues() {
        Mail mail = new Mail("ada@example.com", 3, Instant.parse("2026-11-24T12:00:00Z"), Duration.ofMinutes(5), List.of("a", "ü"));
        Task t = Task.builder("mail").id("T1").payloadValue(mail).build();
        assertThat(PayloadCodec.decode(t, Mail.class)).isEqualTo(mail);
    }

    @Test
    void aMistypedNumberNamesTheFieldAndTheTask() {
        assertThatThrownBy(() -> PayloadCodec.decode(task("{\"to\":\"ada\",\"count\":\"many\"}"), Mail.class))
                .isInstanceOf(PayloadDecodeException.class)
                .hasMessageContaining("task T1 of type 'mail'")
                .hasMessageContaining("$.count")
                .hasMessageContaining("\"many\"")
                .hasMessageNotContaining("java.lang");
    }

    @Test
    void aWrongShapeNamesThePath() {
        assertThatThrownBy(() -> PayloadCodec.decode(task("{\"to\":\"ada\",\"tags\":{\"a\":1}}"), Mail.class))
                .isInstanceOf(PayloadDecodeException.class)
                .hasMessageContaining("$.tags");
        assertThatThrownBy(() -> PayloadCodec.decode(task("{\"at\":\"yesterday\"}"), Mail.class))
                .isInstanceOf(PayloadDecodeException.class)
                .hasMessageContaining("$.at")
                .hasMessageContaining("ISO-8601");
    }

    @Test
    void aDecodeFailureIsNeverRetried() {
        assertThat(new PayloadDecodeException("x", null)).isInstanceOf(NonRetryableException.class);
    }
}

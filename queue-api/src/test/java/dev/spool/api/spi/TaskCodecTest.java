package dev.spool.api.spi;

import dev.spool.api.Task;
import dev.spool.api.TaskDecodeException;
import com.google.gson.stream.JsonWriter;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskCodecTest {

    @Test
    void everyFieldRoundTripsAndThePayloadStaysReadable() {
        Task t = Task.builder("send_mail").id("01ABC").payload("{\"to\":\"ada\",\"ü\":[1,2]}")
                .header("trace", "x y").priority(7).runAt(Instant.ofEpochMilli(1_800_000_000_000L))
                .maxAttempts(3).timeout(Duration.ofSeconds(9)).uniqueKey("k:1").uniqueFor(Duration.ofMinutes(2))
                .createdAt(Instant.ofEpochMilli(1_700_000_000_000L)).attempt(2).build();
        String stored = TaskCodec.encode(t);
        assertThat(stored).endsWith("\n{\"to\":\"ada\",\"ü\":[1,2]}");
        assertThat(TaskCodec.decode(stored)).isEqualTo(t);
        assertThat(TaskCodec.decode(stored.getBytes(StandardCharsets.UTF_8))).isEqualTo(t);
        assertThat(TaskCodec.peekId(stored)).isEqualTo("01ABC");
    }

    @Test
    void defaultsAreLeftOut() {
        String stored = TaskCodec.encode(Task.builder("t").id("A").build());
        assertThat(stored).isEqualTo("{\"id\":\"A\",\"t\":\"t\"}\n{}");
    }

    @Test
    void maxAttemptsSetToTheDefaultIsStoredAndNotSetIsNot() {
        Task ten = TaskCodec.decode(TaskCodec.encode(Task.builder("t").id("A").maxAttempts(Task.DEFAULT_MAX_ATTEMPTS).build()));
        assertThat(TaskCodec.encode(ten)).contains("\"ma\":" + Task.DEFAULT_MAX_ATTEMPTS);
        assertThat(ten.hasMaxAttempts()).isTrue();
        Task unset = TaskCodec.decode(TaskCodec.encode(Task.builder("t").id("A").build()));
        assertThat(unset.hasMaxAttempts()).isFalse();
        assertThat(unset.maxAttempts()).isEqualTo(Task.DEFAULT_MAX_ATTEMPTS);
        assertThat(unset).isNotEqualTo(ten);
        assertThat(unset.toBuilder().build().hasMaxAttempts()).as("a copy keeps not set").isFalse();
    }

    @Test
    void garbageIsRefusedWithAPreview() {
        assertThatThrownBy(() -> TaskCodec.decode("hello\u0000"))
                .isInstanceOf(TaskDecodeException.class).hasMessageContaining("not a Spool task").hasMessageContaining("\\x00");
        assertThatThrownBy(() -> TaskCodec.decode("{\"t\":\"x\"}\n{}"))
                .isInstanceOf(TaskDecodeException.class).hasMessageContaining("lacks 'id'");
        assertThatThrownBy(() -> TaskCodec.decode("{\"id\":\"A\",\"t\":\"x\"}\n{oops"))
                .isInstanceOf(TaskDecodeException.class).hasMessageContaining("task A").hasMessageContaining("payload");
        assertThatThrownBy(() -> TaskCodec.decode("{\"id\":\"A\",\"t\":\"x\",\"pr\":\"high\"}\n{}"))
                .isInstanceOf(TaskDecodeException.class).hasMessageContaining("malformed");
    }

    @Test
    void invalidUtf8IsRefusedNotMangled() {
        byte[] head = "{\"id\":\"bad-utf8\",\"t\":\"text\"}\n\"caf".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 4];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xC3;
        bytes[head.length + 1] = (byte) 0x28;
        bytes[head.length + 2] = (byte) 0xFF;
        bytes[head.length + 3] = '"';
        assertThatThrownBy(() -> TaskCodec.decode(bytes))
                .isInstanceOf(TaskDecodeException.class)
                .hasMessageContaining("task bad-utf8 is not valid UTF-8 (byte 0xC3 at offset " + head.length + ")");
    }

    @Test
    void headersWithEscapesAndKeysOfANewerVersionTakeTheSlowPathToTheSameTask() {
        Task t = Task.builder("t").id("E1").header("quote", "say \"hi\"\n\ttab \\ ü").uniqueKey("a\"b").build();
        String stored = TaskCodec.encode(t);
        assertThat(stored).contains("\\\"");
        assertThat(TaskCodec.decode(stored)).isEqualTo(t);

        Task newer = TaskCodec.decode("{\"id\":\"N1\",\"t\":\"x\",\"zz\":{\"deep\":[1,2]},\"pr\":4}\n[]");
        assertThat(newer.priority()).isEqualTo(4);
        assertThat(newer.id()).isEqualTo("N1");

        Task spaced = TaskCodec.decode("{ \"id\" : \"S1\", \"t\" : \"x\", \"h\" : { \"a\" : \"b\" } }\n1");
        assertThat(spaced.headers()).containsEntry("a", "b");
        assertThat(spaced.payload()).isEqualTo("1");
    }

    @Test
    void stringsAreEscapedExactlyAsGsonEscapesThem() throws Exception {
        String[] samples = {"", "plain", "q\"b\\s/", "\u0000\u0001\u001f\u007f", "\t\b\n\r\f", "\u2028\u2029",
                "<html>&'=", "ü€😀", "\uD83D\uDE00 pair"};
        for (String s : samples) {
            StringWriter gson = new StringWriter();
            try (JsonWriter w = new JsonWriter(gson)) {
                w.setHtmlSafe(false);
                w.value(s);
            }
            StringBuilder ours = new StringBuilder();
            TaskCodec.jsonString(ours, s);
            assertThat(ours.toString()).as("escaped %s", s).isEqualTo(gson.toString());
            Task t = Task.builder("t").id("X1").header("h", s).build();
            assertThat(TaskCodec.decode(TaskCodec.encode(t))).isEqualTo(t);
        }
    }

    @Test
    void theFastPathReadsEveryFieldKind() {
        Task t = TaskCodec.decode("{\"id\":\"F1\",\"t\":\"x\",\"h\":{},\"pr\":9,\"ra\":-5,\"ma\":1,\"to\":7,"
                + "\"uk\":\"u\",\"uf\":8,\"ca\":9,\"a\":3}\nnull");
        assertThat(t.priority()).isEqualTo(9);
        assertThat(t.runAt().toEpochMilli()).isEqualTo(-5);
        assertThat(t.maxAttempts()).isEqualTo(1);
        assertThat(t.timeout().toMillis()).isEqualTo(7);
        assertThat(t.uniqueKey()).isEqualTo("u");
        assertThat(t.uniqueFor().toMillis()).isEqualTo(8);
        assertThat(t.createdAt().toEpochMilli()).isEqualTo(9);
        assertThat(t.attempt()).isEqualTo(3);
        assertThat(t.headers()).isEmpty();
        assertThatThrownBy(() -> TaskCodec.decode("{\"id\":\"F1\",\"t\":\"x\"} junk\n{}"))
                .isInstanceOf(TaskDecodeException.class);
    }
}

package dev.spool.worker;

import dev.spool.api.InvalidTaskException;
import dev.spool.api.SpoolException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueOrderTest {

    @Test
    void plainNamesAreStrictOrder() {
        QueueOrder o = QueueOrder.parse(List.of("critical", "default", "low"), new Random(1));
        assertThat(o.weighted()).isFalse();
        for (int i = 0; i < 10; i++) {
            assertThat(o.nextRound()).containsExactly("critical", "default", "low");
        }
    }

    @Test
    void weightsPutAQueueFirstInProportion() {
        QueueOrder o = QueueOrder.parse(List.of("a=6", "b=3", "c"), new Random(42));
        assertThat(o.weighted()).isTrue();
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            List<String> round = o.nextRound();
            assertThat(round).containsExactlyInAnyOrder("a", "b", "c");
            first.merge(round.get(0), 1, Integer::sum);
        }
        assertThat(first.get("a")).isBetween(5_500, 6_500);
        assertThat(first.get("b")).isBetween(2_500, 3_500);
        assertThat(first.get("c")).isBetween(700, 1_300);
    }

    @Test
    void badEntriesAreRefusedWithTheFix() {
        assertThatThrownBy(() -> QueueOrder.parse(List.of("a=0"), new Random())).isInstanceOf(SpoolException.class)
                .hasMessageContaining("name=weight");
        assertThatThrownBy(() -> QueueOrder.parse(List.of("a", "a"), new Random())).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> QueueOrder.parse(List.of("bad queue"), new Random())).isInstanceOf(InvalidTaskException.class);
    }
}

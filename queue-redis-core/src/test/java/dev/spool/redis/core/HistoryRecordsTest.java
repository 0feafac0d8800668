package dev.spool.redis.core;

import dev.spool.api.HistoryPoint;
import dev.spool.api.HistoryScale;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryRecordsTest {
    private static final long NOW = 1_800_000_000_123L;

    @Test
    void slotsInTheWindowArePointsAndTheRestCountsAsEmpty() {
        long minute = NOW / 60_000;
        List<String> slots = new ArrayList<>(Collections.nCopies(1440, null));
        slots.set((int) (minute % 1440), minute + " 7 2");
        slots.set((int) ((minute - 3) % 1440), (minute - 3) + " 1 1");
        slots.set((int) ((minute - 5) % 1440), (minute - 5 - 1440) + " 9 9"); // a day older: out of the window
        slots.set((int) ((minute - 6) % 1440), (minute - 7) + " 9 9");        // not its slot: written by hand
        slots.set((int) ((minute - 8) % 1440), "garbage");
        List<HistoryPoint> h = HistoryRecords.points(HistoryScale.MINUTES, NOW, slots);
        assertThat(h).hasSize(1440);
        assertThat(h.get(1439)).isEqualTo(new HistoryPoint(Instant.ofEpochMilli(minute * 60_000), 7, 2));
        assertThat(h.get(1436)).isEqualTo(new HistoryPoint(Instant.ofEpochMilli((minute - 3) * 60_000), 1, 1));
        assertThat(h.stream().mapToLong(HistoryPoint::processed).sum()).isEqualTo(8);
        assertThat(h.get(0).start()).isEqualTo(Instant.ofEpochMilli((minute - 1439) * 60_000));
    }

    @Test
    void theRingsReachTheScriptsFromJava() {
        assertThat(HistoryRecords.lua()).isEqualTo("local HISTORY_RINGS = {{\"m:\", 60000, 1440}, {\"h:\", 3600000, 720}}\n");
        assertThat(HistoryRecords.parse("12 3 4")).isNull(); // failed above processed
        assertThat(HistoryRecords.parse("12 4 3")).containsExactly(12, 4, 3);
    }
}

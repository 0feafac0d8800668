package dev.spool.redis.core;

import dev.spool.api.WorkerInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What WorkerRecords sends and reads; the script itself runs against real Redis in the adapters' suites. */
class WorkerRecordsTest {
    final List<List<String>> sent = new ArrayList<>();
    Object reply = 1L;
    final WorkerRecords records = new WorkerRecords("redis-x", new KeyNames("billing"), () -> 1_000L, (keys, args, what) -> {
        List<String> call = new ArrayList<>(keys);
        call.addAll(args);
        call.add(what);
        sent.add(call);
        return reply;
    });

    @Test
    void itSendsTheNamespacesKeysTheClockAndTheOperation() {
        WorkerInfo w = new WorkerInfo("w1", "h", 1, List.of("q"), 2, 0, Instant.EPOCH, Instant.EPOCH);
        records.heartbeat(w, Duration.ofSeconds(5));
        records.deregister("w1");
        assertThat(sent.get(0).subList(0, 5)).containsExactly("spool:billing:{workers}:info", "spool:billing:{workers}:beat",
                "beat", "1000", "w1");
        assertThat(sent.get(0).get(5)).isEqualTo("6000");
        assertThat(sent.get(0).get(6)).contains("\"id\":\"w1\"");
        assertThat(sent.get(1)).containsExactly("spool:billing:{workers}:info", "spool:billing:{workers}:beat", "drop", "1000",
                "w1", "deregistering worker w1");
    }

    static String json(String id) {
        return dev.spool.api.PayloadCodec.gson().toJson(new WorkerInfo(id, "h", 1, List.of("q"), 2, 0, Instant.EPOCH, Instant.EPOCH));
    }

    @Test
    void listReadsTheJsonSkipsWhatIsNotAWorkerAndSorts() {
        reply = List.of(json("b"), "not json {", "{\"id\":\"c\",\"host\":\"h\"}", json("a"));
        assertThat(records.list()).extracting(WorkerInfo::id).containsExactly("a", "b");
        reply = "garbage";
        assertThatThrownBy(records::list).hasMessageContaining("redis-x: script workers.lua").hasMessageContaining("garbage");
    }
}

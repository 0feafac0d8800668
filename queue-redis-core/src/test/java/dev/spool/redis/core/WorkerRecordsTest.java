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
    Object reply = List.of("", "run1");
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
        assertThat(sent.get(0).subList(0, 6)).containsExactly("spool:billing:{workers}:info", "spool:billing:{workers}:beat",
                "spool:billing:{workers}:dataset", "beat", "1000", "w1");
        assertThat(sent.get(0).get(6)).isEqualTo("6000");
        assertThat(sent.get(0).get(7)).contains("\"id\":\"w1\"");
        assertThat(sent.get(0).get(8)).as("a fresh marker").startsWith("set-");
        assertThat(sent.get(1)).containsExactly("spool:billing:{workers}:info", "spool:billing:{workers}:beat",
                "spool:billing:{workers}:dataset", "drop", "1000", "w1", "deregistering worker w1");
    }

    @Test
    void aMarkerGoneOrReplacedIsALostDataSetNamedOnceWithTheRunIds() {
        WorkerInfo w = new WorkerInfo("w1", "h", 1, List.of("q"), 2, 0, Instant.EPOCH, Instant.EPOCH);
        records.heartbeat(w, Duration.ofSeconds(5)); // none there: this beat's marker is written
        String mine = sent.get(0).get(8);
        reply = List.of(mine, "run1");
        records.heartbeat(w, Duration.ofSeconds(5));
        reply = List.of(mine, "run2"); // restarted, data kept
        records.heartbeat(w, Duration.ofSeconds(5));
        assertThat(records.lastDataSetLoss()).isEmpty();
        reply = List.of("", "run3"); // restarted empty: the marker was gone
        records.heartbeat(w, Duration.ofSeconds(5));
        assertThat(records.lastDataSetLoss()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("redis-x: Redis lost its data set in a restart without its data (run id run2 is now run3)")
                .contains("spool:billing:{workers}:dataset").contains("was gone").contains("appendonly yes");
        String ours = sent.get(3).get(8);
        reply = List.of(ours, "run3");
        records.heartbeat(w, Duration.ofSeconds(5));
        reply = List.of("set-of-another-process", "run3"); // flushed, and another process wrote its marker first
        records.heartbeat(w, Duration.ofSeconds(5));
        assertThat(records.lastDataSetLoss()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("while it kept running (run id run3): FLUSHALL").contains("was replaced");
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

package dev.spool.worker;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Schedule;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.testkit.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Workers fire the backend's schedules: two workers, one task per tick, handled with its headers. */
class WorkerSchedulesTest {
    private final Broker broker = Spool.connect("inmemory", BackendConfig.of("inmemory://"));
    private final List<Worker> workers = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        workers.forEach(Worker::close);
        broker.close();
    }

    @Test
    void twoWorkersFireEachTickOnceAndTheHandlerSeesItsHeaders() {
        List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 2; i++) {
            Worker w = Worker.builder(broker).queues("ticks").discoverHandlers(false).grace(Duration.ofSeconds(2))
                    .handler(Handlers.json("tick", (p, ctx) -> seen.add(ctx.headers()))).build();
            workers.add(w);
            w.start();
        }
        broker.schedules().put(Schedule.builder("every-second").queue("ticks").every(Duration.ofSeconds(1))
                .task(Task.of("tick", "{}")).build());
        Eventually.until(Duration.ofSeconds(20), "2 ticks handled", () -> seen.size() >= 2);
        broker.schedules().pause("every-second");
        List<String> ticks = seen.stream().map(h -> h.get(Schedule.TICK_HEADER)).toList();
        assertThat(ticks).doesNotHaveDuplicates();
        assertThat(seen).allSatisfy(h -> assertThat(h).containsEntry(Schedule.SCHEDULE_HEADER, "every-second"));
    }
}

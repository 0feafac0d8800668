package dev.spool.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TargetsTest {

    @Test
    void judgesEachTargetOnTheMedians() {
        Report r = new Report();
        r.add(new Figure("drain", "redis-list", "c=1 first->last ack (warm)", "tasks/s", Spread.of(5000),
                Spread.of(0.2), "raw"));
        r.add(new Figure("drain", "redis-list", "c=8 first->last ack (warm)", "tasks/s", Spread.of(9000),
                Spread.of(0.35), "raw"));
        r.add(new Figure("drain", "redis-list", "c=8 redis-server CPU per task (warm)", "us/task", Spread.of(13),
                Spread.of(2.0), "raw"));
        r.add(Figure.plain("drain", "redis-list", "c=1 worker CPU per task (warm)", "us/task", Spread.of(100)));
        r.add(Figure.plain("drain", "redis-list", "c=8 worker CPU per task (warm)", "us/task", Spread.of(120)));
        r.add(Figure.plain("enqueue", "redis-stream", "enqueueAll x1000", "tasks/s", Spread.of(250_000, 150_000, 260_000)));
        r.add(Figure.plain("steady", "redis-list", "1000/s latency p50", "ms", Spread.of(0.3)));
        r.add(Figure.plain("steady", "redis-list", "1000/s latency p99", "ms", Spread.of(1.5)));
        r.add(Figure.plain("memory", "redis-list", "queued task, 100-byte payload", "bytes/task", Spread.of(182)));
        Targets.judge(r);
        String t = r.table();
        assertThat(t).contains("MISSED   drain redis-list >= 30 % of the raw ceiling (warm), at every concurrency: c=1 20 %, c=8 35 %");
        assertThat(t).contains("n/a      drain redis-stream >= 25 %");
        assertThat(t).contains("MET      enqueueAll x1000 on redis-stream >= 200,000 tasks/s: 250,000 tasks/s");
        assertThat(t).contains("MISSED   at 1,000 tasks/s on redis-list: p50 < 0.5 ms and p99 < 1 ms: p50 0.300 ms, p99 1.50 ms");
        assertThat(t).contains("MET      Redis memory on redis-list <= payload + 150 = 250 bytes/task: 182 bytes/task");
        assertThat(t).contains("MISSED   worker CPU per task on redis-list falls as the fetch batch (concurrency) grows: c=1 100 us, c=8 120 us");
    }
}

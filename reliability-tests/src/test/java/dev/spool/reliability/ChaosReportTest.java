package dev.spool.reliability;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdict can fail: a loss, a wrong dead letter, an unexplained rerun and an over-bound fault are each caught. */
class ChaosReportTest {

    private static final Duration LEASE = Duration.ofSeconds(6);

    @Test
    void aCleanRunPasses() {
        ChaosReport r = analyze(Set.of(), List.of(ok("a", 1, 1, 0), ok("b", 1, 1, 0)), List.of(start("a", 1, 1, 0), start("b", 1, 1, 0)),
                List.of());
        assertThat(r.passed()).as(r.render()).isTrue();
        assertThat(r.completed).isEqualTo(2);
    }

    @Test
    void anAcceptedTaskThatNeverSucceededIsLost() {
        ChaosReport r = analyze(Set.of(), List.of(ok("a", 1, 1, 0)), List.of(start("a", 1, 1, 0), start("b", 1, 1, 0)), List.of());
        assertThat(r.lost).containsExactly("b");
        assertThat(r.passed()).isFalse();
    }

    @Test
    void aDeadLetterMustBeAPoisonedTask() {
        ChaosReport r = analyze(Set.of("b"), List.of(ok("a", 1, 1, 0)), List.of(), List.of());
        assertThat(r.unexpectedDead).containsExactly("b");
        assertThat(r.passed()).isFalse();
    }

    @Test
    void aRerunWithoutAFaultIsUnexplained() {
        ChaosReport r = analyze(Set.of(), List.of(ok("a", 1, 1, 0), ok("a", 2, 2, 9000), ok("b", 1, 1, 0)),
                List.of(start("a", 1, 1, 0), start("a", 2, 2, 9000), start("b", 1, 1, 0)), List.of());
        assertThat(r.unexplained).hasSize(1);
        assertThat(r.duplicates).containsExactly("a");
        assertThat(r.passed()).isFalse();
    }

    @Test
    void aRerunAfterItsWorkerWasKilledIsExplainedAndTimed() {
        Events.Event kill = new Events.Event(1000, Events.Kind.WORKER_KILLED, 1, "worker pid 1");
        ChaosReport r = analyze(Set.of(), List.of(ok("a", 2, 2, 7500), ok("b", 1, 1, 0)),
                List.of(start("a", 1, 1, 0), start("a", 2, 2, 7500), start("b", 1, 1, 0)), List.of(kill));
        assertThat(r.unexplained).isEmpty();
        assertThat(r.rerun).containsExactly("a");
        assertThat(r.maxRecoveryMs).isEqualTo(6500);
        assertThat(r.passed()).as(r.render()).isTrue();
    }

    @Test
    void aKillOfAnotherWorkerDoesNotExplainARerun() {
        Events.Event kill = new Events.Event(1000, Events.Kind.WORKER_KILLED, 3, "worker pid 3");
        ChaosReport r = analyze(Set.of(), List.of(ok("a", 2, 2, 7500), ok("b", 1, 1, 0)),
                List.of(start("a", 1, 1, 0), start("a", 2, 2, 7500), start("b", 1, 1, 0)), List.of(kill));
        assertThat(r.unexplained).hasSize(1);
    }

    private static ChaosReport analyze(Set<String> dead, List<Execution> ends, List<Execution.Start> starts,
                                       List<Events.Event> events) {
        return ChaosReport.analyze("test", new ChaosReport.Books(Set.of("a", "b", "p"), Set.of("p"), Set.of(),
                union(dead, "p"), ends, starts, events, LEASE, 8, 4));
    }

    private static Set<String> union(Set<String> s, String x) {
        java.util.Set<String> u = new java.util.HashSet<>(s);
        u.add(x);
        return u;
    }

    private static Execution ok(String id, long pid, int attempt, long start) {
        return new Execution(id, pid, attempt, start, start + 50, true);
    }

    private static Execution.Start start(String id, long pid, int attempt, long start) {
        return new Execution.Start(id, pid, attempt, start);
    }
}

package dev.spool.reliability;

import dev.spool.api.Broker;
import dev.spool.testkit.redis.RedisClusterExtension;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis Cluster failover (3 masters, a replica each) under a steady load with real workers, on
 * each Redis backend: a master is SIGKILLed and its replica promoted. Redis replicates asynchronously, so
 * a task acknowledged by the master but not yet on its replica is lost with the master; this test
 * shows when that happens and that WAIT for one replica after enqueue closes the gap (the test's
 * stand-in, and the backends' own option {@code replicas.wait=1} with {@code replicas.shortfall=fail}),
 * and measures what WAIT costs.
 */
@Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES) // a hang must fail, never block the build
class ClusterFailoverTest {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.create(3, 1);

    @RegisterExtension
    static final RedisServerExtension RECORDER = RedisServerExtension.dedicated();

    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void failoverUnderLoad(String backend) throws Exception {
        String p = backend.equals("redis-list") ? "l" : "s";
        Path work = ChaosRun.reportDir().resolve("failover-" + backend);
        ChaosRun.deleteTree(work);
        int tasks = Integer.getInteger("failover.tasks", 2000);
        int waitTasks = Integer.getInteger("failover.waitTasks", 2000);
        int rate = Integer.getInteger("failover.rate", 200);
        Events events = new Events();
        StringBuilder report = new StringBuilder("=== Redis Cluster failover, " + backend + ": 3 masters x 1 replica, "
                + "2 workers x 4 threads, handler 50 ms, " + tasks + " tasks per phase at " + rate + "/s, master SIGKILLed at 40%\n");
        try (Recorder recorder = new Recorder(RECORDER.url())) {
            FailoverRun run = new FailoverRun(backend, CLUSTER, recorder, work, tasks, rate);
            try (Broker broker = run.connect();
                 Broker optionBroker = run.connectWithReplicasWait("log");
                 Broker failShortBroker = run.connectWithReplicasWait("fail");
                 WorkerFleet fleet = run.workers(List.of(p + "fo1", p + "fo2", p + "fo3", p + "fo4"))) {
                report.append(run.measureWaitCost(broker, optionBroker, waitTasks));
                // before any failover; ReplicasWaitFailoverTest checks the option's broker after one
                FailoverRun.NoReplica alone = run.withoutReplica(broker, optionBroker, p + "fo5");
                report.append(alone.text());
                FailoverRun.Phase healthy = run.phase("healthy replica, no WAIT", broker, p + "fo1", false, false, events);
                report.append(healthy.render());
                FailoverRun.Phase lagging = run.phase("replica stalled 1.5 s before the kill, no WAIT", broker, p + "fo2", true, false, events);
                report.append(lagging.render());
                FailoverRun.Phase waited = run.phase("replica stalled 1.5 s before the kill, WAIT 1 after each enqueue "
                                + "(stand-in: an unconfirmed batch is enqueued again)", broker, p + "fo3", true, true, events);
                report.append(waited.render());
                // the producer treats a NotReplicatedException as any enqueue that threw: maybe stored, sent again
                FailoverRun.Phase option = run.phase("replica stalled 1.5 s before the kill, the option replicas.wait=1 "
                        + "with replicas.shortfall=fail (a call that throws is enqueued again)", failShortBroker, p + "fo4",
                        true, false, events);
                report.append(option.render());
                report.append("  lost tasks of the lagging phase, e.g. ").append(lagging.lost().stream().limit(5).toList())
                        .append('\n');
                List<Integer> exits = fleet.stopAll(java.time.Duration.ofSeconds(60));
                report.append("  worker exit codes on SIGTERM: ").append(exits).append('\n');
                String text = report.toString();
                System.out.print(text);
                Files.createDirectories(ChaosRun.reportDir());
                Files.writeString(ChaosRun.reportDir().resolve("failover-" + backend + ".txt"), text, StandardCharsets.UTF_8);

                assertThat(healthy.lost().size()).as("a loss with a healthy replica can only be of tasks acknowledged just "
                        + "before the kill\n" + text).isEqualTo(healthy.lostInWindow());
                assertThat(lagging.lost().size()).as("losses only among tasks acknowledged while the replica lagged\n" + text)
                        .isEqualTo(lagging.lostInWindow());
                // without a loss here the WAIT phases below would show nothing: the lag must have cost tasks
                assertThat(lagging.lost()).as("the lagging phase without WAIT must lose the tasks the replica missed\n" + text)
                        .isNotEmpty();
                assertThat(waited.lost()).as("with WAIT 1 no accepted task may be lost\n" + text).isEmpty();
                assertThat(waited.unconfirmed()).as("WAIT must have refused to confirm while the replica lagged").isPositive();
                assertThat(alone.confirmed()).as("WAIT 1 confirms nothing on a master without a live replica").isZero();
                assertThat(option.lost()).as("with replicas.wait=1 and shortfall=fail no accepted task may be lost\n" + text)
                        .isEmpty();
                assertThat(option.refused()).as("the option must have refused calls while the replica lagged\n" + text)
                        .isPositive();
            }
        }
    }
}

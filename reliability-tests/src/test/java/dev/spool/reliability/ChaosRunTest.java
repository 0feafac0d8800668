package dev.spool.reliability;

import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos run on each Redis backend: a real Redis with AOF, three real worker processes, a
 * producer, and faults (worker SIGKILLs, CLIENT KILLs, a Redis SIGTERM restart and a SIGKILL
 * restart). Nothing accepted may be lost; dead letters are exactly the poisoned tasks; every task
 * that ran twice did so because a fault hit it, and no more than was in flight.
 * Sizes come from system properties: see the pom (CI form) and its {@code chaos} profile (long form).
 */
@Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES) // a hang must fail, never block the build
class ChaosRunTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated().withConfig("appendonly", "yes");

    /** Where the handler writes its evidence: never faulted. */
    @RegisterExtension
    static final RedisServerExtension RECORDER = RedisServerExtension.dedicated();

    @BeforeEach
    void clean() {
        REDIS.assumeControllable();
        REDIS.flushAll();
        RECORDER.flushAll();
    }

    @Test
    void redisListLosesNothingUnderChaos() throws Exception {
        runAndCheck("redis-list");
    }

    @Test
    void redisStreamLosesNothingUnderChaos() throws Exception {
        runAndCheck("redis-stream");
    }

    private void runAndCheck(String backend) throws Exception {
        ChaosReport report;
        try (Recorder recorder = new Recorder(RECORDER.url())) {
            report = new ChaosRun(ChaosPlan.fromProperties(backend), REDIS.url(), control(), recorder,
                    ChaosRun.reportDir().resolve(backend)).run();
        }
        assertThat(report.lost).as("accepted tasks that never succeeded and are not dead letters\n" + report.render()).isEmpty();
        assertThat(report.unexpectedDead).as("dead letters that were not poisoned\n" + report.render()).isEmpty();
        assertThat(report.missingDead).as("poisoned tasks that are not dead letters\n" + report.render()).isEmpty();
        assertThat(report.unexplained).as("tasks run again with no fault that could explain it\n" + report.render()).isEmpty();
        assertThat(report.overBound()).as("faults that made more tasks run again than were in flight\n" + report.render()).isEmpty();
        assertThat(report.anomalies).as("worker crashes, a queue that never drained\n" + report.render()).isEmpty();
        ChaosPlan plan = ChaosPlan.fromProperties(backend);
        System.out.printf("chaos %s faults: %d worker SIGKILLs, %d CLIENT KILLs, %d Redis SIGTERM restarts, %d Redis SIGKILL restarts%n",
                backend, report.count(Events.Kind.WORKER_KILLED), report.count(Events.Kind.CONNECTIONS_KILLED),
                report.count(Events.Kind.REDIS_STOPPED), report.count(Events.Kind.REDIS_KILLED));
        assertThat(report.count(Events.Kind.WORKER_KILLED)).as("worker kills").isGreaterThanOrEqualTo(2);
        assertThat(report.count(Events.Kind.CONNECTIONS_KILLED)).as("CLIENT KILLs").isEqualTo(plan.clientKills());
        assertThat(report.count(Events.Kind.REDIS_STOPPED)).as("Redis SIGTERM restarts").isEqualTo(1);
        assertThat(report.count(Events.Kind.REDIS_KILLED)).as("Redis SIGKILL restarts").isEqualTo(1);
        assertThat(report.passed()).isTrue();
    }

    private static ChaosRun.RedisControl control() {
        return new ChaosRun.RedisControl() {
            @Override
            public void stop() {
                REDIS.stop();
            }

            @Override
            public void kill() {
                REDIS.kill();
            }

            @Override
            public void start() {
                REDIS.start();
            }

            @Override
            public long killConnections() {
                try (Jedis j = REDIS.jedis()) {
                    return (Long) j.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "KILL", "TYPE", "normal",
                            "SKIPME", "yes");
                }
            }
        };
    }
}

package dev.spool.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import redis.clients.jedis.Jedis;

/** RedisProcess on its own: clear errors, passwords, cleanup, the binary and the Docker probe. */
class RedisProcessTest {

    @Test
    void badConfigFailsWithTheServerLog() {
        assertThatThrownBy(() -> RedisProcess.launch(Map.of("no-such-directive", "yes")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("no-such-directive");
    }

    @Test
    void fixtureOwnedDirectivesAreRefused() {
        assertThatThrownBy(() -> RedisProcess.launch(Map.of("port", "6379")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'port' is set by the fixture");
    }

    @Test
    void passwordGoesIntoTheUrlAndConnections() {
        try (RedisProcess p = RedisProcess.launch(Map.of("requirepass", "s3cret"))) {
            assertThat(p.url()).isEqualTo("redis://default:s3cret@127.0.0.1:" + p.port());
            assertThat(Commands.rawPing("127.0.0.1", p.port(), 2_000)).startsWith("-NOAUTH");
            assertThat(p.command("PING")).isEqualTo("PONG");
            assertThat(p.toString()).doesNotContain("s3cret");
            // the external-server path parses a URL with a password the same way backends do
            Endpoint external = Endpoint.external(p.url(), "TEST_URL");
            assertThat(external.source()).doesNotContain("s3cret");
            assertThat(external.port()).isEqualTo(p.port());
            try (Jedis j = external.jedis()) {
                assertThat(j.ping()).isEqualTo("PONG");
            }
        }
    }

    @Test
    void closeKillsTheServerAndDeletesItsDirectory() {
        RedisProcess p = RedisProcess.launch();
        long pid = p.pid();
        Path dir = p.dir();
        assertThat(p.command("SET", "a", "1")).isEqualTo("OK");
        p.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(dir).doesNotExist();
        assertThatThrownBy(p::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void twoServersGetTwoPorts() {
        try (RedisProcess a = RedisProcess.launch(); RedisProcess b = RedisProcess.launch()) {
            assertThat(a.port()).isNotEqualTo(b.port());
            a.command("SET", "k", "a");
            assertThat(b.command("GET", "k")).isNull();
        }
    }

    @Test
    void externalUrlMustBeOneServer() {
        assertThatThrownBy(() -> Endpoint.external("redis://:pw@127.0.0.1:1,127.0.0.1:2", "SPOOL_TEST_REDIS_URL"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SPOOL_TEST_REDIS_URL")
                .hasMessageNotContaining("pw@");
    }

    @Test
    void binaryReportsItsVersion() {
        RedisBinary b = RedisBinary.find();
        assertThat(b.path()).isExecutable();
        assertThat(b.version()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(b.atLeast("6.2")).isTrue();
        assertThat(RedisBinary.find()).isSameAs(b);
        assertThat(RedisBinary.compareVersions("6.2.11", "6.2.6")).isPositive();
        assertThat(RedisBinary.compareVersions("7.0", "7.0.0")).isZero();
        assertThat(RedisBinary.compareVersions("6.2.11", "7.0")).isNegative();
    }

    @Test
    void theBuildRunsTheRedisVersionItAsksFor() {
        // The build sets spool.redis.version for each pass (7.0, then 6.2): a pass that silently ran another
        // server would report one version's results as another's.
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(RedisBinary.ENV_SERVER) == null,
                "SPOOL_REDIS_SERVER forces a binary of its own");
        RedisBinary.requestedVersion().ifPresent(v -> assertThat(RedisBinary.find().version()).startsWith(v + "."));
        if (System.getenv("CI") != null) {
            assertThat(RedisBinary.requestedVersion()).as("under CI the build names the Redis version").isPresent();
        }
    }

    @Test
    void dockerProbeAnswersWithoutThrowing() {
        // On a machine without an engine this returns false at once; with one, Testcontainers gets 5 s.
        boolean answer = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), DockerRedis::engineAnswers);
        if (!DockerRedis.anyEngineHint()) {
            assertThat(answer).isFalse();
        }
    }
}

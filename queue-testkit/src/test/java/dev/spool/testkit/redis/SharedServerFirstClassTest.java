package dev.spool.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import redis.clients.jedis.Jedis;

/** The shared server is a real Redis, and each class starts on an empty database (see also the second class). */
class SharedServerFirstClassTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    private static long keysAtStart;

    @BeforeAll
    static void leaveData() {
        keysAtStart = (Long) REDIS.command("DBSIZE");
        REDIS.command("SET", "left-by-" + SharedServerFirstClassTest.class.getSimpleName(), "x");
    }

    @Test
    void classStartsOnAnEmptyDatabaseEvenIfAnotherClassLeftKeys() {
        assertThat(keysAtStart).isZero();
    }

    @Test
    void setAndGetRoundTrip() {
        try (Jedis j = REDIS.jedis()) {
            j.set("greeting", "héllo");
            assertThat(j.get("greeting")).isEqualTo("héllo");
        }
        assertThat(REDIS.command("GET", "greeting")).isEqualTo("héllo");
        assertThat(REDIS.command("RPUSH", "list", "a", "b")).isEqualTo(2L);
        assertThat(REDIS.command("LRANGE", "list", "0", "-1")).isEqualTo(List.of("a", "b"));
        assertThat(REDIS.command("GET", "missing")).isNull();
    }

    @Test
    void infoShowsTheServerVersion() {
        String info = (String) REDIS.command("INFO", "server");
        assertThat(info).contains("redis_version:" + REDIS.serverVersion());
        assertThat(REDIS.serverVersion()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(RedisBinary.compareVersions(REDIS.serverVersion(), "6.2")).isGreaterThanOrEqualTo(0);
    }

    @Test
    void urlNamesHostAndPort() {
        assertThat(REDIS.url()).startsWith("redis").contains(REDIS.host() + ":" + REDIS.port());
        if (System.getenv(RedisServerExtension.ENV_URL) == null) {
            assertThat(REDIS.url()).isEqualTo("redis://" + REDIS.host() + ":" + REDIS.port());
        }
        assertThat(REDIS.port()).isPositive();
    }

    @Test
    void flushAllEmptiesTheDatabase() {
        REDIS.command("SET", "doomed", "1");
        REDIS.flushAll();
        assertThat(REDIS.command("DBSIZE")).isEqualTo(0L);
    }

    @Test
    void sharedServerCannotBeRestartedOrConfigured() {
        assertThatThrownBy(REDIS::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("dedicated()");
        assertThatThrownBy(REDIS::assumeControllable).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RedisServerExtension.shared().withConfig("appendonly", "yes"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("dedicated()");
        assertThat(REDIS.isControllable()).isFalse();
    }
}

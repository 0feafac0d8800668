package dev.spool.redis.stream;

import dev.spool.api.SpoolException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The URL forms redis-stream accepts, mapped to what Redisson is given. */
class RedissonConfigsTest {

    @Test
    void aSingleNodeWithCredentialsAndDatabase() {
        RedissonConfigs.Target t = RedissonConfigs.parse("redis://app:s3cr%40t@cache.local:6380/4");
        assertThat(t.cluster()).isFalse();
        assertThat(t.addresses()).containsExactly("redis://cache.local:6380");
        assertThat(t.user()).isEqualTo("app");
        assertThat(t.password()).isEqualTo("s3cr@t");
        assertThat(t.db()).isEqualTo(4);
    }

    @Test
    void defaultsPortAndDatabaseAndAcceptsAPasswordWithoutUser() {
        RedissonConfigs.Target t = RedissonConfigs.parse("rediss://:pw@redis.example.com");
        assertThat(t.addresses()).containsExactly("rediss://redis.example.com:6379");
        assertThat(t.user()).isNull();
        assertThat(t.password()).isEqualTo("pw");
        assertThat(t.db()).isZero();
    }

    @Test
    void aClusterSeedListTakesSchemeAndCredentialsFromTheFirstEntry() {
        RedissonConfigs.Target t = RedissonConfigs.parse("redis://u:p@10.0.0.1:7000,10.0.0.2:7001, redis://10.0.0.3:7002");
        assertThat(t.cluster()).isTrue();
        assertThat(t.addresses()).isEqualTo(List.of("redis://10.0.0.1:7000", "redis://10.0.0.2:7001", "redis://10.0.0.3:7002"));
        assertThat(t.password()).isEqualTo("p");
    }

    @Test
    void badUrlsAreRefusedWithTheFormsAndWithoutThePassword() {
        assertThatThrownBy(() -> RedissonConfigs.parse("http://u:hunter2@h:1"))
                .isInstanceOf(SpoolException.class)
                .hasMessageContaining("scheme is 'http'").hasMessageContaining("redis://[user:password@]host:port[/db]")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedissonConfigs.parse("redis://u:hunter2@h:1/x"))
                .hasMessageContaining("database 'x'").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedissonConfigs.parse("redis://h1:1/2,h2:2"))
                .hasMessageContaining("only database 0");
        assertThatThrownBy(() -> RedissonConfigs.parse("redis://h1:1,rediss://h2:2"))
                .hasMessageContaining("mixes");
    }
}

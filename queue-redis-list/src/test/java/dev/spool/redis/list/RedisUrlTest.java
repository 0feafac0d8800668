package dev.spool.redis.list;

import dev.spool.api.SpoolException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The URL forms of the backend, and that the password never shows. */
class RedisUrlTest {

    @Test
    void aSingleServerWithDefaults() {
        RedisUrl u = RedisUrl.parse("redis://localhost", false);
        assertThat(u.hosts()).containsExactly(new HostAndPort("localhost", 6379));
        assertThat(u.tls()).isFalse();
        assertThat(u.cluster()).isFalse();
        assertThat(u.database()).isZero();
        assertThat(u.user()).isNull();
        assertThat(u.password()).isNull();
        assertThat(u).hasToString("redis://localhost:6379");
    }

    @Test
    void userPasswordDatabaseAndTls() {
        RedisUrl u = RedisUrl.parse("rediss://app:s%40cr%3At@redis.example.com:6380/3", false);
        assertThat(u.tls()).isTrue();
        assertThat(u.user()).isEqualTo("app");
        assertThat(u.password()).isEqualTo("s@cr:t");
        assertThat(u.hosts()).containsExactly(new HostAndPort("redis.example.com", 6380));
        assertThat(u.database()).isEqualTo(3);
        assertThat(u.toString()).isEqualTo("rediss://app:***@redis.example.com:6380/3").doesNotContain("s@cr");
    }

    @Test
    void aPasswordWithoutUserAndAnIpv6Host() {
        RedisUrl u = RedisUrl.parse("redis://:hunter2@[::1]:7000", false);
        assertThat(u.user()).isNull();
        assertThat(u.password()).isEqualTo("hunter2");
        assertThat(u.hosts()).containsExactly(new HostAndPort("::1", 7000));
        assertThat(u.toString()).isEqualTo("redis://:***@[::1]:7000");
    }

    @Test
    void aSeedListOrTheClusterFlagMeansRedisCluster() {
        RedisUrl seeds = RedisUrl.parse("redis://h1:7000,h2:7001, h3:7002", false);
        assertThat(seeds.cluster()).isTrue();
        assertThat(seeds.hosts()).extracting(HostAndPort::getPort).containsExactly(7000, 7001, 7002);
        assertThat(RedisUrl.parse("redis://h1:7000?cluster=true", false).cluster()).isTrue();
        assertThat(RedisUrl.parse("redis://h1:7000", true).cluster()).as("the cluster option").isTrue();
    }

    @Test
    void malformedUrlsAreClearErrorsThatHideThePassword() {
        assertThatThrownBy(() -> RedisUrl.parse("http://u:pw123@h:1", false)).isInstanceOf(SpoolException.class)
                .hasMessageContaining("redis://").hasMessageNotContaining("pw123");
        assertThatThrownBy(() -> RedisUrl.parse("redis://u:pw123@h:99999", false))
                .hasMessageContaining("port '99999'").hasMessageContaining("1 to 65535").hasMessageNotContaining("pw123");
        assertThatThrownBy(() -> RedisUrl.parse("redis://h1:1,h2:2/4", false))
                .hasMessageContaining("database 4").hasMessageContaining("cluster");
        assertThatThrownBy(() -> RedisUrl.parse("redis://h:1/x", false)).hasMessageContaining("database 'x'");
        assertThatThrownBy(() -> RedisUrl.parse("redis://h:1?timeout=5", false)).hasMessageContaining("'timeout'");
        assertThatThrownBy(() -> RedisUrl.parse("redis://h:1,,h:2", false)).hasMessageContaining("empty host");
        assertThatThrownBy(() -> RedisUrl.parse("", false)).hasMessageContaining("empty");
    }
}

package dev.spool.spring;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which URL the broker opens: spool.redis.url, else the application's spring.data.redis.*, else the default. */
class BackendUrlTest {
    final SpoolProperties properties = new SpoolProperties();
    final MockEnvironment env = new MockEnvironment();

    String url() {
        return BackendUrl.resolve(properties, env);
    }

    @Test
    void spoolsOwnUrlComesFirst() {
        properties.getRedis().setUrl("redis://spool-redis:6380/2");
        env.setProperty("spring.data.redis.url", "redis://app-redis:6379");
        assertThat(url()).isEqualTo("redis://spool-redis:6380/2");
    }

    @Test
    void withoutAnyRedisSettingItIsTheCommandLinesDefault() {
        assertThat(url()).isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void theInmemoryBackendGetsAStoreOfItsOwn() {
        properties.setBackend("inmemory");
        env.setProperty("spring.data.redis.host", "app-redis");
        assertThat(url()).isEqualTo("inmemory://");
    }

    @Test
    void theApplicationsSpringDataRedisUrl() {
        env.setProperty("spring.data.redis.url", "rediss://app:secret@app-redis:6380");
        env.setProperty("spring.data.redis.host", "ignored");
        assertThat(url()).isEqualTo("rediss://app:secret@app-redis:6380");
    }

    @Test
    void theApplicationsHostPortCredentialsDatabaseAndTls() {
        env.setProperty("spring.data.redis.host", "app-redis");
        env.setProperty("spring.data.redis.port", "6380");
        env.setProperty("spring.data.redis.username", "app");
        env.setProperty("spring.data.redis.password", "p@ss:w/rd é");
        env.setProperty("spring.data.redis.database", "3");
        env.setProperty("spring.data.redis.ssl.enabled", "true");
        assertThat(url()).isEqualTo("rediss://app:p%40ss%3Aw%2Frd%20%C3%A9@app-redis:6380/3");
    }

    @Test
    void aPortAloneMeansLocalhostAndAnIpv6HostIsBracketed() {
        env.setProperty("spring.data.redis.port", "6390");
        assertThat(url()).isEqualTo("redis://localhost:6390");
        env.setProperty("spring.data.redis.host", "::1");
        env.setProperty("spring.data.redis.password", "pw");
        assertThat(url()).isEqualTo("redis://:pw@[::1]:6390");
    }

    @Test
    void theApplicationsClusterNodesBecomeASeedList() {
        env.setProperty("spring.data.redis.cluster.nodes[0]", "n1:7000");
        env.setProperty("spring.data.redis.cluster.nodes[1]", " n2:7001");
        assertThat(url()).isEqualTo("redis://n1:7000,n2:7001");
        MockEnvironment commas = new MockEnvironment().withProperty("spring.data.redis.cluster.nodes", "n1:7000, n3:7002")
                .withProperty("spring.data.redis.password", "pw");
        assertThat(BackendUrl.resolve(properties, commas)).isEqualTo("redis://:pw@n1:7000,n3:7002");
    }

    @Test
    void sentinelSettingsWithoutSpoolsOwnUrlStopStartUpWithTheFix() {
        env.setProperty("spring.data.redis.sentinel.master", "mymaster");
        assertThatThrownBy(this::url).hasMessageContaining("spring.data.redis.sentinel")
                .hasMessageContaining("set spool.redis.url");
    }
}

package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;
import dev.spool.api.SpoolException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * This backend's own options, its defaults of the shared ones, and the deprecated aliases. The
 * shared options' names, checks and messages are CommonOptionsTest's (queue-redis-core).
 */
class SettingsTest {

    private static Settings of(String... kv) {
        BackendConfig.Builder b = BackendConfig.builder("redis://127.0.0.1:6500");
        for (int i = 0; i < kv.length; i += 2) {
            b.option(kv[i], kv[i + 1]);
        }
        return Settings.of(b.build());
    }

    @Test
    void theDefaults() {
        Settings s = of();
        assertThat(s.common().poolSize()).isEqualTo(64);
        assertThat(s.common().batchSize()).isEqualTo(500);
        assertThat(s.common().readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.common().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.common().retrying().retryFor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.consumerTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.maintenanceInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.redissonConfig()).isNull();
    }

    @Test
    void itsOwnOptions() {
        Settings s = of("consumer.timeout", "1m", "consumer.maintenance-interval", "2m", "redisson.config", "x.yaml",
                "dead.max-count", "3");
        assertThat(s.consumerTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.maintenanceInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.redissonConfig()).isEqualTo("x.yaml");
        assertThat(s.common().deadMaxCount()).isEqualTo(3);
        assertThatThrownBy(() -> of("consumer.timeout", "0s")).hasMessageContaining("'consumer.timeout' is 0ms");
    }

    @Test
    void theOldDashedNamesStillWork() {
        Settings s = of("dead-max-count", "3", "retry-for", "6s", "wait-slice", "2s", "pool-size", "9", "timeout", "4s",
                "connect-timeout", "5s", "redisson-config", "x.yaml", "consumer-timeout", "1m", "maintenance-interval", "2m");
        assertThat(s.common().deadMaxCount()).isEqualTo(3);
        assertThat(s.common().retrying().retryFor()).isEqualTo(Duration.ofSeconds(6));
        assertThat(s.common().maxBlock()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.common().poolSize()).isEqualTo(9);
        assertThat(s.common().readTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(s.common().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.redissonConfig()).isEqualTo("x.yaml");
        assertThat(s.consumerTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.maintenanceInterval()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void anUnknownOptionIsAnErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> of("dead.max-cuont", "3"))
                .isInstanceOf(SpoolException.class)
                .hasMessageContaining("redis-stream: unknown backend option 'dead.max-cuont'")
                .hasMessageContaining("dead.max-count").hasMessageContaining("consumer.timeout").hasMessageContaining("pool.size");
        assertThatThrownBy(() -> of("cluster", "true")).as("redis-list's own option")
                .hasMessageContaining("unknown backend option 'cluster'");
    }

    @Test
    void anOptionGivenByBothNamesWithDifferentValuesIsAnError() {
        assertThatThrownBy(() -> of("retry.for", "5s", "retry-for", "6s"))
                .hasMessageContaining("'retry.for' is given twice").hasMessageContaining("retry-for");
        assertThat(of("retry.for", "5s", "retry-for", "5s").common().retrying().retryFor()).isEqualTo(Duration.ofSeconds(5));
    }
}

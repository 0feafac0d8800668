package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;
import dev.spool.api.SpoolException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Option names (the same as redis-list's where the meaning is the same), deprecated aliases, errors. */
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
        assertThat(s.deadMaxCount()).isEqualTo(10_000);
        assertThat(s.deadMaxAge()).isEqualTo(Duration.ofDays(30));
        assertThat(s.waitSlice()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.retryFor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.poolSize()).isEqualTo(64);
        assertThat(s.batchSize()).isEqualTo(500);
        assertThat(s.redissonConfig()).isNull();
        assertThat(s.replicasWait()).isZero();
        assertThat(s.replicasTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.replicasFailShort()).isFalse();
    }

    @Test
    void theDottedNamesSharedWithRedisList() {
        Settings s = of("dead.max-count", "3", "dead.max-age", "1h", "fetch.max-block", "2s", "reap.batch", "7",
                "promote.batch", "8", "timeout.read", "4s", "timeout.connect", "5s", "pool.size", "9", "retry.for", "6s",
                "batch.size", "100", "consumer.timeout", "1m", "consumer.maintenance-interval", "2m", "redisson.config", "x.yaml",
                "replicas.wait", "2", "replicas.timeout", "250ms", "replicas.shortfall", "fail", "eviction.check", "refuse");
        assertThat(s).isEqualTo(new Settings(3, Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofMinutes(1),
                Duration.ofMinutes(2), 7, 8, Duration.ofSeconds(4), Duration.ofSeconds(5), 9, "x.yaml", Duration.ofSeconds(6), 100,
                2, Duration.ofMillis(250), true, dev.spool.redis.core.EvictionCheck.REFUSE));
    }

    @Test
    void theOldDashedNamesStillWork() {
        Settings s = of("dead-max-count", "3", "retry-for", "6s", "wait-slice", "2s", "pool-size", "9", "timeout", "4s",
                "connect-timeout", "5s", "redisson-config", "x.yaml", "consumer-timeout", "1m", "maintenance-interval", "2m");
        assertThat(s.deadMaxCount()).isEqualTo(3);
        assertThat(s.retryFor()).isEqualTo(Duration.ofSeconds(6));
        assertThat(s.waitSlice()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.poolSize()).isEqualTo(9);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.redissonConfig()).isEqualTo("x.yaml");
        assertThat(s.consumerTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.maintenanceInterval()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void anUnknownOptionIsAnErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> of("dead.max-cuont", "3"))
                .isInstanceOf(SpoolException.class)
                .hasMessageContaining("redis-stream: unknown backend option 'dead.max-cuont'")
                .hasMessageContaining("dead.max-count").hasMessageContaining("retry.for").hasMessageContaining("pool.size");
    }

    @Test
    void anOptionGivenByBothNamesWithDifferentValuesIsAnError() {
        assertThatThrownBy(() -> of("retry.for", "5s", "retry-for", "6s"))
                .hasMessageContaining("'retry.for' is given twice").hasMessageContaining("retry-for");
        assertThat(of("retry.for", "5s", "retry-for", "5s").retryFor()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void badValuesNameTheOption() {
        assertThatThrownBy(() -> of("pool.size", "0")).hasMessageContaining("'pool.size' is 0");
        assertThatThrownBy(() -> of("batch.size", "many")).hasMessageContaining("'batch.size'");
    }

    @Test
    void replicasShortfallIsLogOrFailInAnyCase() {
        assertThat(of("replicas.shortfall", "log").replicasFailShort()).isFalse();
        assertThat(of("replicas.shortfall", " FAIL ").replicasFailShort()).isTrue();
        assertThat(of("replicas.wait", "0").replicasWait()).isZero();
    }

    @Test
    void badReplicasValuesNameTheOptionAndTheAcceptedForm() {
        assertThatThrownBy(() -> of("replicas.shortfall", "panic")).isInstanceOf(SpoolException.class)
                .hasMessageContaining("'replicas.shortfall' is 'panic'").hasMessageContaining("'log'").hasMessageContaining("'fail'");
        assertThatThrownBy(() -> of("replicas.wait", "-1")).isInstanceOf(SpoolException.class)
                .hasMessageContaining("'replicas.wait' is -1").hasMessageContaining("0 (off) or more");
        assertThatThrownBy(() -> of("replicas.wait", "one")).isInstanceOf(SpoolException.class)
                .hasMessageContaining("'replicas.wait'").hasMessageContaining("whole number");
        assertThatThrownBy(() -> of("replicas.timeout", "0ms")).isInstanceOf(SpoolException.class)
                .hasMessageContaining("'replicas.timeout' is 0ms").hasMessageContaining("positive duration");
        assertThatThrownBy(() -> of("replicas.timeout", "soon")).isInstanceOf(SpoolException.class)
                .hasMessageContaining("replicas.timeout is 'soon'").hasMessageContaining("500ms");
    }
}

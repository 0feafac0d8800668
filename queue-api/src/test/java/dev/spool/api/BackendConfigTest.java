package dev.spool.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendConfigTest {

    @Test
    void redactMasksEveryFormOfPassword() {
        assertThat(BackendConfig.redact("redis://127.0.0.1:6379/2")).isEqualTo("redis://127.0.0.1:6379/2");
        assertThat(BackendConfig.redact("redis://:s3cret@h:6379")).isEqualTo("redis://:***@h:6379");
        assertThat(BackendConfig.redact("rediss://spool:s3cret@h:6379/1")).isEqualTo("rediss://spool:***@h:6379/1");
        assertThat(BackendConfig.redact("redis://spool:Zeb@ra-Quartz/9071@127.0.0.1:6902"))
                .isEqualTo("redis://spool:***@127.0.0.1:6902");
        assertThat(BackendConfig.redact("redis://justapassword@h:1")).isEqualTo("redis://***@h:1");
        assertThat(BackendConfig.redact("redis://u:p%40ss@h1:7000,h2:7001?cluster=true"))
                .isEqualTo("redis://u:***@h1:7000,h2:7001?cluster=true");
        assertThat(BackendConfig.redact("inmemory://demo")).isEqualTo("inmemory://demo");
        assertThat(BackendConfig.redact(null)).isNull();
    }

    @Test
    void redactMasksEveryUrlInAMessageAndLeavesTheRestAlone() {
        String form = "; write redis://[user:password@]host:port[/db]";
        assertThat(BackendConfig.redact("URL 'http://127.0.0.1:38555' is not usable" + form))
                .isEqualTo("URL 'http://127.0.0.1:38555' is not usable" + form);
        assertThat(BackendConfig.redact("URL 'redis://u:it's@me@h:1' is not usable" + form))
                .isEqualTo("URL 'redis://u:***@h:1' is not usable" + form);
        assertThat(BackendConfig.redact("from redis://:a@h:1 to rediss://b:c@d:2, then redis://p@h:3"))
                .isEqualTo("from redis://:***@h:1 to rediss://b:***@d:2, then redis://***@h:3");
    }

    @Test
    void toStringNeverShowsThePassword() {
        BackendConfig c = BackendConfig.builder("redis://u:hunter2@h:1").option("pool.size", "4").build();
        assertThat(c.toString()).doesNotContain("hunter2").contains("pool.size=4");
    }

    @Test
    void optionsAreReadWithErrorsNamingTheKey() {
        BackendConfig c = BackendConfig.builder("inmemory://").option("n", "x").option("d", "5m").build();
        assertThat(c.durationOption("d", Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.intOption("missing", 7)).isEqualTo(7);
        assertThatThrownBy(() -> c.intOption("n", 1)).hasMessageContaining("'n'").hasMessageContaining("whole number");
        assertThatThrownBy(() -> BackendConfig.builder("x").lease(Duration.ZERO).build()).hasMessageContaining("lease");
    }
}

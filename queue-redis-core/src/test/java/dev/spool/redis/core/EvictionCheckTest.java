package dev.spool.redis.core;

import dev.spool.api.BackendConfig;
import dev.spool.api.BackendException;
import dev.spool.api.SpoolException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvictionCheckTest {
    static final String NOEVICTION = "noeviction";
    static final String LRU = "allkeys-lru";

    static BackendConfig config(String value) {
        BackendConfig.Builder b = BackendConfig.builder("redis://127.0.0.1:6379");
        return value == null ? b.build() : b.option(EvictionCheck.OPTION, value).build();
    }

    @Test
    void theOptionDefaultsToWarnAndRefusesAnUnknownValueNamingTheChoices() {
        assertThat(EvictionCheck.of(config(null), "redis-list")).isEqualTo(EvictionCheck.WARN);
        assertThat(EvictionCheck.of(config("Refuse"), "redis-list")).isEqualTo(EvictionCheck.REFUSE);
        assertThat(EvictionCheck.of(config("off"), "redis-list")).isEqualTo(EvictionCheck.OFF);
        assertThatThrownBy(() -> EvictionCheck.of(config("never"), "redis-stream"))
                .isInstanceOf(SpoolException.class)
                .hasMessageContaining("redis-stream", "'eviction.check' is 'never'", "warn", "refuse", "off");
    }

    @Test
    void noevictionEverywhereSaysNothing() {
        Map<String, Optional<String>> nodes = Map.of("a:1", Optional.of(NOEVICTION), "b:2", Optional.of(NOEVICTION));
        assertThat(EvictionCheck.WARN.apply("redis-list", nodes)).isEmpty();
        assertThat(EvictionCheck.REFUSE.apply("redis-list", nodes)).isEmpty();
    }

    @Test
    void anEvictingNodeIsNamedWithItsPolicyAndTheFix() {
        Map<String, Optional<String>> nodes = new LinkedHashMap<>();
        nodes.put("a:1", Optional.of(NOEVICTION));
        nodes.put("b:2", Optional.of(LRU));
        assertThat(EvictionCheck.WARN.apply("redis-list", nodes)).hasValueSatisfying(m -> assertThat(m)
                .contains("Redis at b:2 has maxmemory-policy allkeys-lru", "CONFIG SET maxmemory-policy noeviction",
                        "eviction.check=refuse").doesNotContain("a:1"));
        assertThatThrownBy(() -> EvictionCheck.REFUSE.apply("redis-list", nodes))
                .isInstanceOf(BackendException.class).hasMessageContaining("b:2", "allkeys-lru");
        assertThat(EvictionCheck.OFF.apply("redis-list", nodes)).isEmpty();
    }

    @Test
    void anUnreadablePolicyIsRefusedOnlyUnderRefuse() {
        Map<String, Optional<String>> nodes = Map.of("a:1", Optional.empty());
        assertThat(EvictionCheck.WARN.apply("redis-stream", nodes)).isEmpty();
        assertThatThrownBy(() -> EvictionCheck.REFUSE.apply("redis-stream", nodes))
                .isInstanceOf(BackendException.class).hasMessageContaining("cannot read maxmemory-policy", "+info");
    }

    @Test
    void thePolicyIsReadFromAnInfoMemoryReply() {
        assertThat(EvictionCheck.policyIn("# Memory\r\nused_memory:1000\r\nmaxmemory_policy:volatile-lru\r\n")).hasValue("volatile-lru");
        assertThat(EvictionCheck.policyIn("# Memory\r\nused_memory:1000\r\n")).isEmpty();
        assertThat(EvictionCheck.policyIn(null)).isEmpty();
    }

    @Test
    void redis7ScriptTracesAreRemovedAndOutOfMemoryIsRecognised() {
        assertThat(ServerErrors.withoutScriptTrace("SPOOL-WRONGTYPE string list k script: 9aba35797ae339db06e8d54c6348ab0335c15d9b, on @user_script:68."))
                .isEqualTo("SPOOL-WRONGTYPE string list k");
        assertThat(ServerErrors.withoutScriptTrace("ERR plain")).isEqualTo("ERR plain");
        assertThat(ServerErrors.withoutScriptTrace(null)).isNull();
        assertThat(ServerErrors.isOutOfMemory("ERR Error running script: -OOM command not allowed when used memory > 'maxmemory'.")).isTrue();
        assertThat(ServerErrors.isOutOfMemory("WRONGTYPE")).isFalse();
    }
}

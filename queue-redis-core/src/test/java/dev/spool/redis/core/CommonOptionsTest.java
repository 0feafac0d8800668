package dev.spool.redis.core;

import dev.spool.api.BackendConfig;
import dev.spool.api.SpoolException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options both Redis adapters share: one set of names, defaults, checks and messages. */
class CommonOptionsTest {
    static final CommonOptions.Defaults DEFAULTS = new CommonOptions.Defaults(32, Duration.ofSeconds(2), Duration.ofSeconds(5), 1000);

    private static CommonOptions of(String... kv) {
        BackendConfig.Builder b = BackendConfig.builder("redis://127.0.0.1:6500");
        for (int i = 0; i < kv.length; i += 2) {
            b.option(kv[i], kv[i + 1]);
        }
        return CommonOptions.of("redis-x", b.build(), DEFAULTS, Set.of("own.option"));
    }

    @Test
    void theDefaults() {
        assertThat(of()).isEqualTo(new CommonOptions(32, Duration.ofSeconds(2), Duration.ofSeconds(5),
                new Retrying(Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofSeconds(1)), 10_000, Duration.ofDays(30),
                Duration.ofSeconds(1), 100, 1000, 1000, 0, Duration.ofSeconds(1), false, EvictionCheck.WARN, true, KeyNames.NONE));
    }

    @Test
    void everyName() {
        CommonOptions o = of("pool.size", "9", "timeout.connect", "5s", "timeout.read", "4s", "retry.for", "6s",
                "retry.backoff", "10ms", "retry.backoff.max", "2s", "dead.max-count", "3", "dead.max-age", "1h",
                "fetch.max-block", "2s", "reap.batch", "7", "promote.batch", "8", "batch.size", "100", "replicas.wait", "2",
                "replicas.timeout", "250ms", "replicas.shortfall", "fail", "eviction.check", "refuse", "own.option", "x",
                "namespace", "billing", "clock", "local");
        assertThat(o).isEqualTo(new CommonOptions(9, Duration.ofSeconds(5), Duration.ofSeconds(4),
                new Retrying(Duration.ofSeconds(6), Duration.ofMillis(10), Duration.ofSeconds(2)), 3, Duration.ofHours(1),
                Duration.ofSeconds(2), 7, 8, 100, 2, Duration.ofMillis(250), true, EvictionCheck.REFUSE, false, new KeyNames("billing")));
        assertThat(CommonOptions.NAMES).hasSize(18);
    }

    @Test
    void anUnknownOptionIsAnErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> of("dead.max-cuont", "3")).isInstanceOf(SpoolException.class)
                .hasMessageStartingWith("redis-x: unknown backend option 'dead.max-cuont'; the options are [")
                .hasMessageContaining("dead.max-count").hasMessageContaining("own.option").hasMessageContaining("retry.backoff.max");
    }

    @Test
    void badValuesNameTheBackendTheOptionAndTheFix() {
        assertThatThrownBy(() -> of("pool.size", "1")).hasMessage("redis-x: backend option 'pool.size' is 1; give 2 or more");
        assertThatThrownBy(() -> of("batch.size", "many")).hasMessageContaining("'batch.size' is 'many'")
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> of("replicas.shortfall", "panic")).isInstanceOf(SpoolException.class)
                .hasMessageContaining("'replicas.shortfall' is 'panic'").hasMessageContaining("'log'").hasMessageContaining("'fail'");
        assertThatThrownBy(() -> of("replicas.wait", "-1")).hasMessageContaining("'replicas.wait' is -1")
                .hasMessageContaining("0 (off) or more");
        assertThatThrownBy(() -> of("replicas.timeout", "0ms")).hasMessageContaining("'replicas.timeout' is 0ms")
                .hasMessageContaining("positive duration");
        assertThatThrownBy(() -> of("replicas.timeout", "soon")).hasMessageContaining("replicas.timeout is 'soon'")
                .hasMessageContaining("500ms");
        assertThatThrownBy(() -> of("retry.backoff", "2s", "retry.backoff.max", "1s"))
                .hasMessage("redis-x: backend option 'retry.backoff.max' is 1s, below 'retry.backoff' (2s); raise it");
        assertThat(of("replicas.shortfall", " FAIL ").replicasFailShort()).isTrue();
        assertThatThrownBy(() -> of("clock", "ntp")).isInstanceOf(SpoolException.class)
                .hasMessageStartingWith("redis-x: backend option 'clock' is 'ntp'; use server (the default");
        assertThat(of("retry.for", "0s").retrying().retryFor()).as("0: never retry").isZero();
    }

    @Test
    void aNamespaceKeepsItsKeysApartAndKeepsEachQueuesHashTag() {
        KeyNames none = of().keyNames();
        assertThat(none.queuePrefix("orders")).isEqualTo("spool:{orders}:");
        assertThat(List.of(none.queues(), none.workersInfo(), none.workersBeat()))
                .containsExactly("spool:queues", "spool:{workers}:info", "spool:{workers}:beat");
        KeyNames billing = of("namespace", "billing").keyNames();
        assertThat(billing.queuePrefix("orders")).isEqualTo("spool:billing:{orders}:");
        assertThat(List.of(billing.queues(), billing.workersInfo(), billing.workersBeat()))
                .containsExactly("spool:billing:queues", "spool:billing:{workers}:info", "spool:billing:{workers}:beat");
        for (String bad : List.of("", "a:b", "{x}", "a b", "x".repeat(65))) {
            assertThatThrownBy(() -> of("namespace", bad)).as("namespace '%s'", bad).isInstanceOf(SpoolException.class)
                    .hasMessageStartingWith("redis-x: backend option 'namespace' is '" + bad + "'")
                    .hasMessageContaining("namespace=billing");
        }
    }

    @Test
    void retryingGivesUpWhenToldAndRetriesWhatIsTransient() {
        Retrying r = new Retrying(Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofMillis(4));
        int[] tries = {0};
        String got = r.call(resent -> {
            if (++tries[0] < 4) {
                assertThat(resent).isEqualTo(tries[0] > 1);
                throw new IllegalStateException("dropped");
            }
            return "ok after " + tries[0];
        }, e -> true, () -> false, e -> { }, (e, n, i) -> e);
        assertThat(got).isEqualTo("ok after 4");
        RuntimeException failed = new IllegalArgumentException("not transient");
        assertThatThrownBy(() -> r.call(resent -> { throw failed; }, e -> e instanceof IllegalStateException, () -> false,
                e -> { }, (e, n, i) -> new SpoolException("gave up after " + n + ": " + e.getMessage())))
                .hasMessage("gave up after 1: not transient");
        assertThatThrownBy(() -> r.call(resent -> { throw new IllegalStateException("down"); }, e -> true, () -> true,
                e -> { }, (e, n, i) -> new SpoolException("stopped after " + n))).as("a closing broker does not retry")
                .hasMessage("stopped after 1");
        Retrying never = new Retrying(Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(1));
        assertThatThrownBy(() -> never.call(resent -> { throw new IllegalStateException("down"); }, e -> true, () -> false,
                e -> { }, (e, n, i) -> new SpoolException("once: " + n))).hasMessage("once: 1");
    }
}

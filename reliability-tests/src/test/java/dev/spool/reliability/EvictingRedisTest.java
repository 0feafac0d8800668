package dev.spool.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.spool.api.BackendConfig;
import dev.spool.api.BackendException;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Redis whose {@code maxmemory-policy} may delete keys is named at connect: one warning with the
 * policy and the fix, or a refusal with {@code eviction.check=refuse}; {@code noeviction} says nothing.
 */
class EvictingRedisTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated().withConfig("maxmemory-policy", "allkeys-lru");

    final Logger logger = (Logger) LoggerFactory.getLogger("dev.spool.redis.core.EvictionCheck");
    final ListAppender<ILoggingEvent> capture = new ListAppender<>();

    @BeforeEach
    void listen() {
        capture.start();
        logger.addAppender(capture);
        REDIS.command("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(capture);
        REDIS.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
    }

    /** The warnings logged so far (System.Logger reaches logback through SLF4J's platform-logging bridge). */
    private List<String> warnings() {
        synchronized (capture) { // appends hold the appender's lock
            return capture.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void anEvictingRedisGetsOneWarningWithThePolicyAndTheFix(String backend) {
        try (Broker broker = Spool.connect(backend, REDIS.url())) {
            broker.ping();
        }
        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0)).contains(backend, "127.0.0.1:" + REDIS.port(), "allkeys-lru",
                "CONFIG SET maxmemory-policy noeviction", "eviction.check=refuse");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void evictionCheckRefuseRefusesIt(String backend) {
        BackendConfig config = BackendConfig.builder(REDIS.url()).option("eviction.check", "refuse").build();
        assertThatThrownBy(() -> Spool.connect(backend, config).close())
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("allkeys-lru").hasMessageContaining("noeviction");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void noevictionSaysNothingEvenUnderRefuse(String backend) {
        REDIS.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
        BackendConfig config = BackendConfig.builder(REDIS.url()).option("eviction.check", "refuse").build();
        try (Broker broker = Spool.connect(backend, config)) {
            broker.ping();
        }
        assertThat(warnings()).isEmpty();
    }
}

package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.testkit.TaskQueueContractTest;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.Map;

/** The conformance suite against one real Redis server. */
class RedisListContractTest extends TaskQueueContractTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    @Override
    protected Broker openBroker(Clock clock, Map<String, String> options) {
        return Spool.connect("redis-list", BackendConfig.builder(REDIS.url()).clock(clock).options(options).build());
    }

    @Override
    protected void storeGarbage(Broker broker, String queue, String garbage) {
        REDIS.command("RPUSH", new Keys(queue).ready(0), garbage);
    }
}

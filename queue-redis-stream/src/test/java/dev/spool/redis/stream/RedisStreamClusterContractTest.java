package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.testkit.TaskQueueContractTest;
import dev.spool.testkit.redis.RedisClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.Map;

/** The whole conformance suite on a real 3-master Redis Cluster, through the seed-list URL. */
class RedisStreamClusterContractTest extends TaskQueueContractTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.create(3, 0);

    @Override
    protected Broker openBroker(Clock clock, Map<String, String> options) {
        return Spool.connect("redis-stream", BackendConfig.builder(CLUSTER.seedUrl()).clock(clock).options(options).build());
    }

    @Override
    protected void storeGarbage(Broker broker, String queue, String garbage) {
        ((RedisStreamBroker) broker).storeRaw(queue, garbage);
    }
}

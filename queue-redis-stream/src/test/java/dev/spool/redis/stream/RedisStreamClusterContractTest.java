package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.redis.core.KeyNames;
import dev.spool.testkit.TaskQueueContractTest;
import dev.spool.testkit.redis.RedisClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.Map;

/** The whole conformance suite on a real 3-master Redis Cluster, through the seed-list URL. */
class RedisStreamClusterContractTest extends TaskQueueContractTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.create(3, 0);
    /** The suite runs in a namespace here (and outside any on the single server), so both layouts are held to it. */
    static final String NAMESPACE = "contract";

    @Override
    protected Broker openBroker(Clock clock, Map<String, String> options) {
        return Spool.connect("redis-stream", BackendConfig.builder(CLUSTER.seedUrl()).clock(clock).options(options)
                .option(KeyNames.OPTION, NAMESPACE).build());
    }

    @Override
    protected void storeGarbage(Broker broker, String queue, String garbage) {
        ((RedisStreamBroker) broker).storeRaw(queue, garbage);
    }
}

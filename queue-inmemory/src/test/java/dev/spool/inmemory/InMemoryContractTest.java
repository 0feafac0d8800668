package dev.spool.inmemory;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.testkit.TaskQueueContractTest;

import java.time.Clock;
import java.util.Map;

/** The in-memory backend keeps the whole contract. */
class InMemoryContractTest extends TaskQueueContractTest {

    @Override
    protected Broker openBroker(Clock clock, Map<String, String> options) {
        return Spool.connect("inmemory", BackendConfig.builder("inmemory://").clock(clock).options(options).build());
    }

    @Override
    protected void storeGarbage(Broker broker, String queue, String garbage) {
        ((InMemoryBroker) broker).storeRaw(queue, garbage);
    }
}

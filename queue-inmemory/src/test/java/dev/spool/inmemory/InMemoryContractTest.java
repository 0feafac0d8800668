package dev.spool.inmemory;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.testkit.TaskQueueContractTest;

import java.time.Clock;
import java.util.Map;

/** The in-memory backend keeps the whole contract. */
class InMemoryContractTest extends TaskQueueContractTest {

    private final String store = "contract-" + java.util.UUID.randomUUID();

    @Override
    protected Broker openBroker(Clock clock, Map<String, String> options) {
        // one store per test: the brokers a test opens share it, as clients of one Redis would
        return Spool.connect("inmemory", BackendConfig.builder("inmemory://" + store).clock(clock).options(options).build());
    }

    @Override
    protected void storeGarbage(Broker broker, String queue, String garbage) {
        ((InMemoryBroker) broker).storeRaw(queue, garbage);
    }
}

package dev.spool.inmemory;

import dev.spool.api.Broker;
import dev.spool.testkit.TaskQueueContractTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance suite can fail: run against a backend with one deliberate flaw, the tests for
 * that clause fail (and the suite as a whole is not green). Each broken backend is a nested
 * class that JUnit itself does not run (it is started here through the launcher).
 */
class ContractSuiteCatchesBrokenBackendsTest {

    @Test
    void silentLossIsCaught() {
        assertThat(failuresOf(LosingBackend.class)).contains("fourProducersAndFourConsumersLoseNothingAndDuplicateNothing");
    }

    @Test
    void ignoringLeaseTokensIsCaught() {
        assertThat(failuresOf(TokenIgnoringBackend.class)).contains("aStaleLeaseTokenChangesNothing");
    }

    @Test
    void ignoringPrioritiesIsCaught() {
        assertThat(failuresOf(PriorityIgnoringBackend.class)).contains("higherPriorityIsDeliveredFirstAndFifoWithinAPriority");
    }

    @Test
    void deliveringBeforeRunAtIsCaught() {
        assertThat(failuresOf(RunAtIgnoringBackend.class)).contains("aDelayedTaskIsNotDeliveredBeforeItsRunAt");
    }

    @Test
    void aDeleteThatDeletesNothingIsCaught() {
        assertThat(failuresOf(DeleteIgnoringBackend.class))
                .contains("deleteRemovesATaskInEveryStateButRunningWithItsUniqueKeyAndNothingIsFetchedAfter");
    }

    @Test
    void theRealBackendPassesEverything() {
        assertThat(failuresOf(InMemoryContractTest.class)).isEmpty();
    }

    /** The contract's tests, counted from its source: every {@code @Test} method of the suite's class hierarchy. */
    static final int CONTRACT_TESTS = countTests(TaskQueueContractTest.class);

    @Test
    void theContractHasTheTestsItClaims() {
        assertThat(CONTRACT_TESTS).as("@Test methods in TaskQueueContractTest and its superclasses").isGreaterThanOrEqualTo(51);
    }

    /**
     * Runs {@code suite} through the launcher and returns the names of its tests that did not pass;
     * fails unless every contract test was started, so that a suite which discovered nothing cannot
     * pass as "no failures".
     */
    private static Set<String> failuresOf(Class<?> suite) {
        Set<String> failed = new TreeSet<>();
        AtomicInteger started = new AtomicInteger();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(suite))
                .build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
                if (id.isTest()) {
                    started.incrementAndGet();
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    failed.add(id.getDisplayName().replace("()", ""));
                }
            }
        });
        assertThat(started.get()).as("contract tests started for " + suite.getSimpleName()).isEqualTo(CONTRACT_TESTS);
        return failed;
    }

    private static int countTests(Class<?> type) {
        int n = 0;
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Test.class)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Not run by Surefire (abstract-looking name filter): started only through {@link #failuresOf}. */
    abstract static class BrokenBackend extends TaskQueueContractTest {
        @Override
        protected void storeGarbage(Broker broker, String queue, String garbage) {
            throw new org.opentest4j.TestAbortedException("not exercised for broken backends");
        }
    }

    static final class LosingBackend extends BrokenBackend {
        @Override
        protected Broker openBroker(Clock clock, Map<String, String> options) {
            return BrokenQueues.broken(clock, BrokenQueues::losesTasks);
        }
    }

    static final class TokenIgnoringBackend extends BrokenBackend {
        @Override
        protected Broker openBroker(Clock clock, Map<String, String> options) {
            return BrokenQueues.broken(clock, BrokenQueues::ignoresLeaseTokens);
        }
    }

    static final class PriorityIgnoringBackend extends BrokenBackend {
        @Override
        protected Broker openBroker(Clock clock, Map<String, String> options) {
            return BrokenQueues.broken(clock, BrokenQueues::ignoresPriority);
        }
    }

    static final class DeleteIgnoringBackend extends BrokenBackend {
        @Override
        protected Broker openBroker(Clock clock, Map<String, String> options) {
            return BrokenQueues.broken(clock, q -> q, BrokenQueues::deletesNothing);
        }
    }

    static final class RunAtIgnoringBackend extends BrokenBackend {
        @Override
        protected Broker openBroker(Clock clock, Map<String, String> options) {
            return BrokenQueues.broken(clock, BrokenQueues::ignoresRunAt);
        }
    }
}

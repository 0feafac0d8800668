package dev.spool.test;

import dev.spool.api.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The extension gives each test its own harness, shared with its {@code @BeforeEach}, and closes it after the
 * test. The fixture is a nested class JUnit does not run by itself; it is started here through the launcher.
 */
class SpoolExtensionTest {
    static final List<SpoolHarness> SEEN = new CopyOnWriteArrayList<>();
    static final List<SpoolHarness> BEFORE = new CopyOnWriteArrayList<>();

    @ExtendWith(SpoolExtension.class)
    static class Fixture {
        @BeforeEach
        void handlers(SpoolHarness spool) {
            BEFORE.add(spool);
            spool.handle("t", String.class, (s, ctx) -> { });
        }

        @Test
        void first(SpoolHarness spool) {
            SEEN.add(spool);
            spool.queue("q").enqueue(Task.ofValue("t", "x"));
            spool.drain();
            spool.enqueued("q").single().assertSucceeded();
        }

        @Test
        void second(SpoolHarness spool) {
            SEEN.add(spool);
            spool.enqueued("q").assertNone(); // nothing from the other test
        }
    }

    @Test
    void eachTestGetsAFreshHarnessSharedWithItsBeforeEachAndClosedAfterIt() {
        SEEN.clear();
        BEFORE.clear();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Fixture.class)).build(), listener);

        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(SEEN).hasSize(2).doesNotHaveDuplicates();
        assertThat(BEFORE).containsExactlyInAnyOrderElementsOf(SEEN);
        for (SpoolHarness closed : SEEN) {
            assertThatThrownBy(closed::broker).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("this SpoolHarness is closed");
        }
    }

    @Test
    @SpoolTest
    void theAnnotationRegistersTheExtension(SpoolHarness spool) {
        assertThat(spool.broker().backend()).isEqualTo("inmemory");
    }

    @Test
    void aHarnessOpenedByHandIsClosedByTryWithResources() {
        SpoolHarness kept;
        try (SpoolHarness spool = SpoolHarness.create()) {
            kept = spool;
            spool.queue("q").enqueue(Task.of("t", "{}"));
            assertThat(spool.enqueued("q").size()).isEqualTo(1);
        }
        assertThatThrownBy(() -> kept.queue("q")).isInstanceOf(IllegalStateException.class);
    }
}

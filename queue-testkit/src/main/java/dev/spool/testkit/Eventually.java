package dev.spool.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition by polling, for tests that must wait on another thread or process. The
 * timeout is a bound against a hang, not an expectation of speed: give it generously.
 */
public final class Eventually {

    private Eventually() {
    }

    /**
     * Polls {@code condition} every 20 ms until it holds or {@code timeout} passes.
     *
     * @throws AssertionError naming {@code what} and the wait when it never held
     */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what + ", in vain");
            }
            sleep(20);
        }
    }

    /** As {@link #until}, with a description computed at failure time (e.g. showing the last value seen). */
    public static void until(Duration timeout, Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what.get() + ", in vain");
            }
            sleep(20);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}

package dev.spool.reliability;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits on a condition by polling, with a generous bound and a message saying what never happened. */
final class Poll {

    private Poll() {
    }

    static void until(String what, Duration timeout, BooleanSupplier done) {
        until(what, timeout, done, () -> "");
    }

    static void until(String what, Duration timeout, BooleanSupplier done, Supplier<String> diagnosis) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (done.getAsBoolean()) {
                    return;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e; // Redis restarting, a connection dropped: ask again
            }
            if (System.nanoTime() > deadline) {
                AssertionError err = new AssertionError("gave up after " + timeout.toSeconds() + " s waiting for " + what
                        + (last == null ? "" : " (last error: " + last + ")") + "\n" + diagnosis.get());
                if (last != null) {
                    err.initCause(last);
                }
                throw err;
            }
            sleep(100);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

package dev.spool.demo;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Draws the run's progress while it lasts: on a terminal, one bar redrawn in place ten times a
 * second; elsewhere (a pipe, a CI log), a plain line each second something changed, and every
 * ten seconds when nothing does. ASCII only, so it reads the same in any console encoding.
 */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;
    private static final long QUIET_NANOS = 10_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long total;
    private final Progress metrics;
    private final LongSupplier clockNanos;
    private final long startNanos;
    private final Thread thread;
    private volatile boolean running = true;
    private final AtomicBoolean closed = new AtomicBoolean();
    private int lastLength;
    private String lastState = "";
    private long lastPrintNanos;

    ProgressBar(PrintStream out, boolean terminal, long total, Progress metrics) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.metrics = metrics;
        this.clockNanos = System::nanoTime;
        this.startNanos = clockNanos.getAsLong();
        this.thread = new Thread(this::loop, "spool-demo-progress");
        this.thread.setDaemon(true);
    }

    /** Starts drawing. */
    ProgressBar start() {
        thread.start();
        return this;
    }

    private void loop() {
        long period = terminal ? 100 : 1000;
        while (running) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                draw();
            }
        }
    }

    private synchronized void draw() {
        long done = metrics.finished();
        double seconds = Math.max(1e-3, (clockNanos.getAsLong() - startNanos) / 1e9);
        double rate = done / seconds;
        if (terminal) {
            int filled = (int) Math.min(WIDTH, total == 0 ? WIDTH : done * WIDTH / total);
            String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
            String line = String.format(Locale.ROOT, "  [%s] %d/%d tasks  %.0f/s  retries %d  dead letters %d",
                    bar, done, total, rate, metrics.retried(), metrics.deadLettered());
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            String state = done + "/" + metrics.retried() + "/" + metrics.deadLettered();
            long now = clockNanos.getAsLong();
            if (!closed.get() && state.equals(lastState) && now - lastPrintNanos < QUIET_NANOS) {
                return; // nothing new: a pipe or a CI log gets a line on change, or every 10 s
            }
            if (closed.get() && state.equals(lastState)) {
                return;
            }
            out.printf(Locale.ROOT, "  progress: %d/%d tasks, %.0f tasks/s, retries %d, dead letters %d%n",
                    done, total, rate, metrics.retried(), metrics.deadLettered());
            lastState = state;
            lastPrintNanos = now;
        }
        out.flush();
    }

    /** Draws the final state and stops; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
        if (terminal) {
            out.println();
        }
    }
}

package dev.spool.bench;

import dev.spool.worker.cli.SpoolCli;

/**
 * {@code spool worker} with the OpenTelemetry SDK installed as the global instance (see
 * {@link BenchTracing#installIfAsked()}): the worker process of the traced drain ({@code --otel}), run
 * from the bench's classpath, which has the SDK. Takes the same arguments as {@link SpoolCli}.
 */
public final class TracedWorker {
    private TracedWorker() {
    }

    /** Installs the SDK when asked, then runs the command line. */
    public static void main(String[] args) {
        BenchTracing.installIfAsked();
        SpoolCli.main(args);
    }
}

package dev.spool.security;

import dev.spool.api.Broker;
import dev.spool.api.Spool;

/**
 * Run in a child JVM by {@link TlsTest} (the trust store is a JVM-wide setting): opens
 * {@code args[0]} at {@code args[1]}, runs the whole {@link Workload}, prints {@code OK}; or prints
 * the error and exits 1.
 */
public final class TlsProbe {
    private TlsProbe() {
    }

    public static void main(String[] args) {
        try (Broker broker = Spool.connect(args[0], args[1])) {
            Workload.exercise(broker, "tls-" + args[0]);
            System.out.println("OK " + broker.backend());
        } catch (RuntimeException | AssertionError e) {
            System.out.println("FAILED " + e);
            System.exit(1);
        }
        System.exit(0);
    }
}

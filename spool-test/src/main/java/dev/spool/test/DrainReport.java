package dev.spool.test;

import java.time.Duration;

/**
 * What one {@link SpoolHarness#drain()} did.
 *
 * @param tasksRun      the handler runs (deliveries), retries and hand-backs included
 * @param clockAdvanced how far it moved the harness clock
 */
public record DrainReport(int tasksRun, Duration clockAdvanced) {
}

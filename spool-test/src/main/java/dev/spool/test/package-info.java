/**
 * The test kit for handler authors ({@code spool-test}, added with test scope): test a handler in a few
 * lines, without Redis, without threads, without waiting.
 *
 * <ul>
 *   <li>{@link dev.spool.test.SpoolTest @SpoolTest} / {@link dev.spool.test.SpoolExtension}: a fresh
 *       {@link dev.spool.test.SpoolHarness} per test, as a parameter, closed after it;</li>
 *   <li>{@link dev.spool.test.SpoolHarness}: a private in-memory broker, handlers registered like a worker's,
 *       {@link dev.spool.test.SpoolHarness#drain() drain()} running the queued tasks on the test's thread
 *       through the production worker's processing, with delays and retry backoffs passed by moving a
 *       {@link dev.spool.test.ManualClock} (within bounds, see {@link dev.spool.test.Drain});</li>
 *   <li>{@link dev.spool.test.EnqueuedTasks} / {@link dev.spool.test.EnqueuedTask}: what was enqueued (type,
 *       payload, delay, unique key) and how it ended ({@link dev.spool.test.Outcome}, attempts, retries, errors),
 *       with assertions whose failures name the queue, the task and what was actually there. They throw
 *       {@link java.lang.AssertionError}: no assertion library needed.</li>
 * </ul>
 *
 * <p>The backend conformance suite for backend authors is another module, {@code queue-testkit}.
 */
package dev.spool.test;

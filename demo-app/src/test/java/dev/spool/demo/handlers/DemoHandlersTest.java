package dev.spool.demo.handlers;

import dev.spool.api.Broker;
import dev.spool.api.DeadLetter;
import dev.spool.api.Delivery;
import dev.spool.api.QueueStats;
import dev.spool.api.RetryPolicy;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.testkit.Eventually;
import dev.spool.worker.Worker;
import dev.spool.worker.WorkerListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's handlers run by a real, threaded {@link Worker} on the in-memory backend. Enqueue a
 * task, wait for its effect, look at the files and at what the backend recorded. To test your own
 * handlers, the kit is shorter and never waits: see {@link GenerateLogFileTest}.
 */
class DemoHandlersTest {
    private static final Duration WAIT = Duration.ofSeconds(30); // a bound against a hang, not a speed limit
    private static final String QUEUE = "logs";

    @TempDir
    Path dir;

    private final Queue<String> retries = new ConcurrentLinkedQueue<>();
    private Broker broker;
    private Worker worker;

    @BeforeEach
    void startWorker() {
        broker = Spool.connect("inmemory", "inmemory://"); // a private store for this test
        worker = Worker.builder(broker)
                .queues(QUEUE)
                .concurrency(2)
                .discoverHandlers(false)
                .handler(new GenerateLogFile())
                .handler(new ParseLogFile())
                .retryPolicy(RetryPolicy.defaults().withInitialDelay(Duration.ofMillis(10)))
                .listener(new WorkerListener() {
                    @Override
                    public void onRetried(Delivery d, Throwable error, Duration delay) {
                        retries.add(d.task().type() + ": " + error.getMessage());
                    }
                })
                .build();
        worker.start();
    }

    @AfterEach
    void stopWorker() {
        worker.close();
        broker.close();
    }

    @Test
    void a_generated_file_is_parsed_and_its_statistics_are_stored_next_to_it() throws Exception {
        enqueue(Task.ofValue(GenerateLogFile.TYPE, new GenerateLogFile.Request(dir.toString(), "app-0001.log", 5, 500, 0)));

        Path log = dir.resolve("app-0001.log");
        Path stats = dir.resolve("app-0001.log.stats.json");
        Eventually.until(WAIT, "the statistics of app-0001.log", () -> Files.exists(stats));
        Eventually.until(WAIT, "the queue to drain", () -> stats().pending() == 0 && stats().processed() == 2);

        assertThat(Files.readString(log)).isEqualTo(LogGenerator.generate(5, 500));
        assertThat(StatsFiles.read(stats)).isEqualTo(LogParser.parse(log, () -> false));
        assertThat(StatsFiles.read(stats).lines()).isEqualTo(500);
        assertThat(stats().dead()).isZero();
        assertThat(retries).isEmpty();
    }

    @Test
    void a_transient_failure_is_retried_and_the_retry_succeeds() throws Exception {
        enqueue(Task.ofValue(GenerateLogFile.TYPE, new GenerateLogFile.Request(dir.toString(), "app-0007.log", 7, 200, 1)));

        Path stats = dir.resolve("app-0007.log.stats.json");
        Eventually.until(WAIT, "the statistics of app-0007.log", () -> Files.exists(stats));

        assertThat(retries).singleElement().asString()
                .startsWith("generate_log_file: simulated transient failure writing app-0007.log (attempt 1");
        assertThat(StatsFiles.read(stats).lines()).isEqualTo(200);
        Eventually.until(WAIT, "the queue to drain", () -> stats().pending() == 0);
        assertThat(stats().dead()).isZero();
    }

    @Test
    void a_missing_file_is_dead_lettered_at_once_with_its_reason_and_the_worker_carries_on() {
        Path missing = dir.resolve("missing.log");
        String badId = enqueue(Task.ofValue(ParseLogFile.TYPE, new ParseLogFile.Request(missing.toString())));
        enqueue(Task.ofValue(GenerateLogFile.TYPE, new GenerateLogFile.Request(dir.toString(), "app-0002.log", 2, 100, 0)));

        DeadLetter dead = awaitOneDeadLetter();
        assertThat(dead.id()).isEqualTo(badId);
        assertThat(dead.type()).isEqualTo(ParseLogFile.TYPE);
        assertThat(dead.attempts()).as("not retried: a missing file does not come back").isEqualTo(1);
        assertThat(dead.error()).contains(badId, "queue 'logs'", missing.toString(), "does not exist");
        Eventually.until(WAIT, "the next task to be parsed", () -> Files.exists(dir.resolve("app-0002.log.stats.json")));
        assertThat(retries).isEmpty();
    }

    @Test
    void a_payload_that_does_not_fit_the_record_is_dead_lettered_naming_the_field() {
        String id = enqueue(Task.of(ParseLogFile.TYPE, "{\"file\": [\"not\", \"a\", \"path\"]}"));

        DeadLetter dead = awaitOneDeadLetter();
        assertThat(dead.id()).isEqualTo(id);
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(dead.error()).contains(id, "parse_log_file", "$.file");
    }

    @Test
    void a_file_name_with_a_directory_in_it_is_refused_and_nothing_is_written() {
        enqueue(Task.ofValue(GenerateLogFile.TYPE,
                new GenerateLogFile.Request(dir.resolve("sub").toString(), "../escaped.log", 1, 10, 0)));

        DeadLetter dead = awaitOneDeadLetter();
        assertThat(dead.error()).contains("payload field 'file' is '../escaped.log'", "plain file name");
        assertThat(dir.resolve("escaped.log")).doesNotExist();
        assertThat(dir.resolve("sub")).doesNotExist();
    }

    @Test
    void running_the_same_generate_task_twice_writes_the_same_file_and_the_same_statistics() throws Exception {
        var request = new GenerateLogFile.Request(dir.toString(), "app-0003.log", 3, 300, 0);
        enqueue(Task.ofValue(GenerateLogFile.TYPE, request));
        Path stats = dir.resolve("app-0003.log.stats.json");
        Eventually.until(WAIT, "the first result", () -> Files.exists(stats));
        Eventually.until(WAIT, "the queue to drain", () -> stats().pending() == 0 && stats().processed() == 2);
        String first = Files.readString(stats);

        enqueue(Task.ofValue(GenerateLogFile.TYPE, request)); // at-least-once: a handler may run twice
        Eventually.until(WAIT, "the second run", () -> stats().pending() == 0 && stats().processed() == 4);

        assertThat(Files.readString(stats)).isEqualTo(first);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("app-0003.log", "app-0003.log.stats.json");
        }
    }

    private String enqueue(Task task) {
        return broker.queue(QUEUE).enqueue(task).taskId();
    }

    private QueueStats stats() {
        return broker.inspector().stats(QUEUE);
    }

    private DeadLetter awaitOneDeadLetter() {
        Eventually.until(WAIT, "a dead letter", () -> stats().dead() == 1);
        List<DeadLetter> dead = broker.inspector().deadLetters(QUEUE, 0, 10);
        assertThat(dead).hasSize(1);
        return dead.get(0);
    }
}

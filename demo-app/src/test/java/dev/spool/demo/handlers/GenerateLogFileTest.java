package dev.spool.demo.handlers;

import dev.spool.api.Task;
import dev.spool.test.EnqueuedTask;
import dev.spool.test.SpoolHarness;
import dev.spool.test.SpoolTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's handlers tested with the kit ({@code spool-test}): no Redis, no worker threads, no waiting for a
 * retry's backoff (the harness moves its clock). {@link DemoHandlersTest} runs the same handlers in a real,
 * threaded worker.
 */
@SpoolTest
class GenerateLogFileTest {
    @TempDir
    Path dir;

    @Test
    void a_first_attempt_that_fails_on_purpose_is_retried_then_the_file_is_parsed(SpoolHarness spool) {
        spool.handler(new GenerateLogFile()).handler(new ParseLogFile());
        EnqueuedTask generate = spool.enqueue("logs", Task.ofValue(GenerateLogFile.TYPE,
                new GenerateLogFile.Request(dir.toString(), "app.log", 7, 200, 1))); // 1: its first attempt fails

        spool.drain();

        generate.assertSucceeded().assertRetries(1);
        EnqueuedTask parse = spool.enqueued("logs").ofType(ParseLogFile.TYPE).single().assertSucceeded()
                .assertUniqueKey("parse-of:" + generate.id())
                .assertPayload(new ParseLogFile.Request(dir.resolve("app.log").toString()));
        assertThat(parse.result(ParseLogFile.Parsed.class).lines()).isEqualTo(200);
    }

    @Test
    void the_generate_tasks_result_names_the_parse_task_it_enqueued(SpoolHarness spool) {
        spool.handler(new GenerateLogFile()).handler(new ParseLogFile());
        EnqueuedTask generate = spool.enqueue("logs", Task.ofValue(GenerateLogFile.TYPE,
                new GenerateLogFile.Request(dir.toString(), "app.log", 3, 10, 0)));

        spool.drain();

        String parseId = spool.enqueued("logs").ofType(ParseLogFile.TYPE).single().id();
        assertThat(generate.result(Map.class)).isEqualTo(Map.of("parseTask", parseId));
        assertThat(dir.resolve("app.log.stats.json")).exists();
    }

    @Test
    void a_missing_log_file_is_dead_lettered_at_once_naming_it(SpoolHarness spool) {
        spool.handler(new ParseLogFile());
        Path missing = dir.resolve("missing.log");
        spool.enqueue("logs", Task.ofValue(ParseLogFile.TYPE, new ParseLogFile.Request(missing.toString())));

        spool.drain();

        spool.enqueued("logs").single().assertDeadLettered("log file " + missing + " does not exist").assertAttempts(1);
    }

    @Test
    void a_file_name_with_a_directory_is_refused_without_a_retry(SpoolHarness spool) {
        spool.handler(new GenerateLogFile());
        spool.enqueue("logs", Task.ofValue(GenerateLogFile.TYPE,
                new GenerateLogFile.Request(dir.toString(), "../escaped.log", 1, 10, 0)));

        spool.drain();

        spool.enqueued("logs").single().assertDeadLettered("payload field 'file' is '../escaped.log'").assertRetries(0);
        spool.enqueued("logs").ofType(ParseLogFile.TYPE).assertNone();
    }
}

package dev.spool.worker.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line in process, on the in-memory backend (one store shared by every command of this JVM). */
class SpoolCliTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SpoolCli.execute(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return run(Map.of("SPOOL_BACKEND", "inmemory"), args);
    }

    @Test
    void enqueueFromAFileReportsAcceptedDuplicatesAndRejectedLines() throws Exception {
        Path file = tmp.resolve("tasks.jsonl");
        String lines = """
                {"type":"mail","payload":{"to":"a"}}
                {"type":"mail","payload":{"to":"b"},"priority":7,"maxAttempts":3,"timeout":"5s","headers":{"k":"v"}}

                {"type":"mail","payload":{"to":"c"},"uniqueKey":"c"}
                {"type":"mail","payload":{"to":"c"},"uniqueKey":"c"}
                {"type":"mail","payload":{"to":
                {"type":"bad type"}
                {"type":"mail","payload":{},"colour":"red"}
                [1,2]
                {"type":"mail","queue":"cli-file-other"}
                """;
        byte[] junk = {(byte) 0xC3, (byte) 0x28, 0, 1, 2, '\n'};
        Files.write(file, concat(lines.getBytes(StandardCharsets.UTF_8), junk,
                "{\"type\":\"mail\",\"delay\":\"1h\"}".getBytes(StandardCharsets.UTF_8)));
        Run r = run("enqueue", "--queue", "cli-file", "--file", file.toString(), "--json", "--batch-size", "2");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        JsonObject report = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(report.get("accepted").getAsInt()).isEqualTo(5);
        assertThat(report.get("duplicates").getAsInt()).isEqualTo(1);
        assertThat(report.get("rejected").getAsInt()).isEqualTo(5);
        JsonArray rejected = report.getAsJsonArray("rejectedLines");
        assertThat(rejected.get(0).getAsJsonObject().get("line").getAsInt()).isEqualTo(6);
        assertThat(rejected.get(0).getAsJsonObject().get("error").getAsString()).contains("not valid JSON")
                .doesNotContain("github.com");
        assertThat(rejected.get(1).getAsJsonObject().get("error").getAsString()).contains("'type'", "bad type");
        assertThat(rejected.get(2).getAsJsonObject().get("error").getAsString()).contains("unknown field 'colour'");
        assertThat(rejected.get(3).getAsJsonObject().get("error").getAsString()).contains("array");
        assertThat(rejected.get(4).getAsJsonObject().get("line").getAsInt()).isEqualTo(11);
        assertThat(rejected.get(4).getAsJsonObject().get("error").getAsString()).contains("not UTF-8");

        JsonArray stats = JsonParser.parseString(run("stats", "--queue", "cli-file", "--json").out()).getAsJsonArray();
        assertThat(stats.get(0).getAsJsonObject().get("ready").getAsInt()).isEqualTo(3);
        assertThat(stats.get(0).getAsJsonObject().get("delayed").getAsInt()).isEqualTo(1);
        assertThat(JsonParser.parseString(run("stats", "--queue", "cli-file-other", "--json").out()).getAsJsonArray()
                .get(0).getAsJsonObject().get("ready").getAsInt()).isEqualTo(1);
    }

    @Test
    void textReportNamesEachRejectedLine() throws Exception {
        Path file = tmp.resolve("t.jsonl");
        Files.writeString(file, "{\"type\":\"ok\"}\n{oops}\n");
        Run r = run("enqueue", "--queue", "cli-text", "--file", file.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("1 accepted, 0 duplicate(s), 1 rejected");
        assertThat(r.err()).contains("line 2: rejected: is not valid JSON");
    }

    @Test
    void everyBadFieldValueIsNamedWithTheFileTheLineTheValueAndTheAcceptedForm() throws Exception {
        Path file = tmp.resolve("fields.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"type\":\"t\",\"runAt\":\"tomorrow\"}",
                "{\"type\":\"t\",\"runAt\":1700000000}",
                "{\"type\":\"t\",\"priority\":\"high\"}",
                "{\"type\":\"t\",\"priority\":2.5}",
                "{\"type\":\"t\",\"maxAttempts\":\"three\"}",
                "{\"type\":\"t\",\"timeout\":\"soon\"}",
                "{\"type\":\"t\",\"delay\":true}",
                "{\"type\":\"t\",\"uniqueKey\":\"k\",\"uniqueFor\":1e30}",
                "{\"type\":\"t\",\"headers\":[\"a\"]}",
                "{\"type\":\"t\",\"headers\":{\"src\":{\"x\":1}}}",
                "{\"type\":5}",
                "{\"type\":\"t\",\"queue\":null}",
                "{\"type\":\"t\",\"id\":7}",
                "{\"type\":\"t\",\"uniqueKey\":[]}",
                "{\"type\":\"t\",\"runAt\":\"2030-01-01T09:00:00+09:00\",\"delay\":1000}",
                "{\"type\":\"t\",\"runAt\":\"2030-01-01T09:00:00+09:00\",\"timeout\":\"PT5M\",\"uniqueKey\":\"k\",\"uniqueFor\":60000}")
                + "\n");
        Run r = run("enqueue", "--queue", "cli-fields", "--file", file.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("fields.jsonl: 1 accepted, 0 duplicate(s), 15 rejected");
        assertThat(r.err()).contains(file + ": 15 line(s) rejected")
                .contains("line 1: rejected: field 'runAt' is 'tomorrow'; write an ISO-8601 instant in UTC or with an "
                        + "offset, such as 2030-01-01T00:00:00Z")
                .contains("line 2: rejected: field 'runAt' is 1700000000; write an ISO-8601 instant")
                .contains("line 3: rejected: field 'priority' is 'high'; write a whole number from 0 (lowest, the default) to 9")
                .contains("line 4: rejected: field 'priority' is 2.5; write a whole number from 0")
                .contains("line 5: rejected: field 'maxAttempts' is 'three'; write a whole number from 1 (no retries) to 1000")
                .contains("line 6: rejected: field 'timeout' is 'soon'; write a duration such as \"500ms\"")
                .contains("line 7: rejected: field 'delay' is true; write a duration such as")
                .contains("line 8: rejected: field 'uniqueFor' is 1e30; write a duration such as")
                .contains("or a whole number of milliseconds")
                .contains("line 9: rejected: field 'headers' is [\"a\"]; write an object of strings")
                .contains("line 10: rejected: field 'headers' has 'src': {\"x\":1}; write each header value as a string")
                .contains("line 11: rejected: field 'type' is 5; it must be a string; name the task type")
                .contains("line 12: rejected: field 'queue' is null; it must be a string; write a queue name")
                .contains("line 13: rejected: field 'id' is 7; it must be a string")
                .contains("line 14: rejected: field 'uniqueKey' is []; it must be a string")
                .contains("line 15: rejected: has both 'delay' (1000) and 'runAt' ('2030-01-01T09:00:00+09:00'); give one of them");
        assertThat(r.err()).doesNotContain("line 16");
    }

    @Test
    void aJsonBombLineIsRejectedInOneShortLine() throws Exception {
        Path file = tmp.resolve("bomb.jsonl");
        Files.writeString(file, "{\"type\":\"bomb\",\"payload\":" + "[".repeat(300) + "]".repeat(300) + "}\n{\"type\":\"ok\"}\n");
        Run r = run("enqueue", "--queue", "cli-bomb", "--file", file.toString());
        assertThat(r.out()).contains("1 accepted, 0 duplicate(s), 1 rejected");
        String line = r.err().lines().filter(l -> l.startsWith("line 1: ")).findFirst().orElseThrow();
        assertThat(line).startsWith("line 1: rejected: is nested too deep (Nesting limit 255 reached at line 1 column ")
                .contains("path $.payload[0][0]", "... (255 levels)")
                .endsWith("; a payload may nest at most 64 levels")
                .hasSizeLessThan(250);
    }

    @Test
    void crlfLinesAreReadAndAnOverlongLineIsRejectedWithoutStoppingTheRest() throws Exception {
        Path file = tmp.resolve("crlf.jsonl");
        String huge = "{\"type\":\"big\",\"payload\":\"" + "x".repeat(1_400_000) + "\"}";
        Files.writeString(file, "{\"type\":\"a\"}\r\n" + huge + "\r\n{\"type\":\"b\"}\r\n");
        Run r = run("enqueue", "--queue", "cli-crlf", "--file", file.toString(), "--json");
        JsonObject report = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(report.get("accepted").getAsInt()).isEqualTo(2);
        assertThat(report.get("rejected").getAsInt()).isEqualTo(1);
        JsonObject bad = report.getAsJsonArray("rejectedLines").get(0).getAsJsonObject();
        assertThat(bad.get("line").getAsInt()).isEqualTo(2);
        assertThat(bad.get("error").getAsString()).contains("longer than");
    }

    @Test
    void oneTaskFromOptions() {
        Run r = run("enqueue", "--queue", "cli-one", "--type", "mail", "--payload", "{\"to\":\"ada\"}", "--priority", "3",
                "--delay", "500ms", "--max-attempts", "2", "--timeout", "1m", "--unique-key", "ada", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(o.get("status").getAsString()).isEqualTo("ACCEPTED");
        assertThat(o.get("duplicateOf").isJsonNull()).as("an accepted task has no duplicateOf: JSON null, not a string").isTrue();
        Run dup = run("enqueue", "--queue", "cli-one", "--type", "mail", "--unique-key", "ada");
        assertThat(dup.code()).isZero();
        assertThat(dup.out()).contains("duplicate", o.get("id").getAsString());
        JsonObject dupJson = JsonParser.parseString(run("enqueue", "--queue", "cli-one", "--type", "mail", "--unique-key", "ada",
                "--json").out()).getAsJsonObject();
        assertThat(dupJson.get("duplicateOf").getAsString()).isEqualTo(o.get("id").getAsString());
    }

    @Test
    void badUsageExitsTwoWithAClearMessage() {
        Run missing = run("enqueue", "--queue", "q");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("give --type");
        Run noQueue = run("purge");
        assertThat(noQueue.code()).isEqualTo(2);
        assertThat(noQueue.err()).contains("--queue");
        Run unknownOption = run("stats", "--colour");
        assertThat(unknownOption.code()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("--colour");
        Run backend = run(Map.of(), "stats", "--backend", "nope");
        assertThat(backend.code()).isEqualTo(2);
        assertThat(backend.err()).contains("unknown backend 'nope'", "inmemory", "redis-list", "redis-stream")
                .doesNotContain("\tat ");
        Run badPayload = run("enqueue", "--type", "t", "--payload", "{not json");
        assertThat(badPayload.code()).isEqualTo(2);
        assertThat(badPayload.err()).contains("payload");
        Run badDuration = run("worker", "--lease", "soon");
        assertThat(badDuration.code()).isEqualTo(2);
        assertThat(badDuration.err()).contains("--lease is 'soon'", "30s");
        Run noHandlers = run("worker", "--handlers", tmp.resolve("no-such-dir").toString());
        assertThat(noHandlers.code()).isEqualTo(1);
        assertThat(noHandlers.err()).contains("no task handlers found", "META-INF/services/dev.spool.api.TaskHandler");
                Run noCommand = run();
        assertThat(noCommand.code()).isEqualTo(2);
        assertThat(noCommand.err()).contains("Usage: spool");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : new String[][] {{"worker"}, {"enqueue"}, {"stats"}, {"workers"}, {"dead"}, {"dead", "list"},
                {"task"}, {"task", "list"}, {"task", "show"}, {"task", "cancel"}, {"task", "run-now"}, {"task", "delete"}, {"dead", "requeue"}, {"dead", "delete"}, {"purge"}, {"pause"}, {"resume"},
                {"events"}, {"configure"}}) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).contains("Usage: spool " + String.join(" ", cmd));
        }
    }

    @Test
    void passwordsAreMaskedInHelpAndErrors() {
        Map<String, String> env = Map.of("SPOOL_REDIS_URL", "redis://app:hunter2@127.0.0.1:1");
        Run help = run(env, "worker", "--help");
        assertThat(help.out()).doesNotContain("hunter2");
        Run r = run(env, "stats", "--connect-timeout", "5s");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("127.0.0.1:1", "***").doesNotContain("hunter2").doesNotContain("\tat ");
    }

    @Test
    void optionsComeFromFlagThenEnvironmentThenFileThenDefault() throws Exception {
        Path props = tmp.resolve("spool.properties");
        Files.writeString(props, "backend=inmemory\nqueue=from-file\npriority=4\n");
        Map<String, String> env = new HashMap<>();
        env.put("SPOOL_CONFIG", props.toString());
        JsonObject fromFile = JsonParser.parseString(run(env, "enqueue", "--type", "t", "--json").out()).getAsJsonObject();
        assertThat(fromFile.get("queue").getAsString()).isEqualTo("from-file");
        env.put("SPOOL_QUEUE", "from-env");
        JsonObject fromEnv = JsonParser.parseString(run(env, "enqueue", "--type", "t", "--json").out()).getAsJsonObject();
        assertThat(fromEnv.get("queue").getAsString()).isEqualTo("from-env");
        JsonObject fromFlag = JsonParser.parseString(run(env, "enqueue", "--type", "t", "--queue", "from-flag", "--json")
                .out()).getAsJsonObject();
        assertThat(fromFlag.get("queue").getAsString()).isEqualTo("from-flag");
        JsonObject byDefault = JsonParser.parseString(run(Map.of("SPOOL_BACKEND", "inmemory"), "enqueue", "--type", "t",
                "--json").out()).getAsJsonObject();
        assertThat(byDefault.get("queue").getAsString()).isEqualTo("default");
        Run missingConfig = run(Map.of(), "stats", "--config", tmp.resolve("nope.properties").toString());
        assertThat(missingConfig.code()).isEqualTo(2);
        assertThat(missingConfig.err()).contains("nope.properties", "does not exist");
    }

    @Test
    void deadLettersCanBeListedRequeuedAndDeleted() {
        var broker = dev.spool.api.Spool.connect("inmemory", "inmemory://spool-cli");
        var q = broker.queue("cli-dead");
        for (int i = 0; i < 3; i++) {
            q.enqueue(dev.spool.api.Task.of("t", "{\"i\":" + i + "}"));
        }
        var ds = q.fetch(3, java.time.Duration.ZERO);
        for (var d : ds) {
            q.fail(d, "broken " + d.id());
        }
        Run list = run("dead", "list", "--queue", "cli-dead", "--json");
        assertThat(list.code()).isZero();
        JsonArray dead = JsonParser.parseString(list.out()).getAsJsonArray();
        assertThat(dead).hasSize(3);
        String first = dead.get(0).getAsJsonObject().get("id").getAsString();
        assertThat(dead.get(0).getAsJsonObject().get("error").getAsString()).isEqualTo("broken " + first);
        assertThat(run("dead", "list", "--queue", "cli-dead").out()).contains("ID", "ERROR", first);

        assertThat(run("dead", "requeue", "--queue", "cli-dead", "--id", first).code()).isZero();
        assertThat(broker.inspector().stats("cli-dead").ready()).isEqualTo(1);
        Run none = run("dead", "requeue", "--queue", "cli-dead", "--id", "NOPE");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("no dead letter NOPE");
        Run both = run("dead", "delete", "--queue", "cli-dead", "--id", "x", "--all");
        assertThat(both.code()).isEqualTo(2);
        assertThat(run("dead", "delete", "--queue", "cli-dead", "--all").out()).contains("deleted 2 dead letter(s)");
        assertThat(broker.inspector().stats("cli-dead").dead()).isZero();

        assertThat(run("pause", "--queue", "cli-dead").code()).isZero();
        assertThat(broker.inspector().stats("cli-dead").paused()).isTrue();
        assertThat(run("resume", "--queue", "cli-dead").code()).isZero();
        assertThat(broker.inspector().stats("cli-dead").paused()).isFalse();
        assertThat(run("purge", "--queue", "cli-dead").out()).contains("purged 1 task(s)");
        assertThat(run("workers", "--json").out().trim()).isEqualTo("[]");
    }

    @Test
    void taskShowFindsATaskByIdInEachStateAndSaysWhenItIsUnknown() {
        var broker = dev.spool.api.Spool.connect("inmemory", "inmemory://spool-cli");
        var q = broker.queue("cli-task");
        String id = q.enqueue(dev.spool.api.Task.builder("mail").payload("{\"to\":\"ada\"}").maxAttempts(3)
                .header("tenant", "acme").build()).taskId();
        Run ready = run("task", "show", "--queue", "cli-task", "--id", id, "--json");
        assertThat(ready.code()).as(ready.err()).isZero();
        JsonObject info = JsonParser.parseString(ready.out()).getAsJsonObject();
        assertThat(info.get("state").getAsString()).isEqualTo("ready");
        assertThat(info.get("type").getAsString()).isEqualTo("mail");
        assertThat(info.get("attempts").getAsInt()).isZero();
        assertThat(info.get("maxAttempts").getAsInt()).isEqualTo(3);
        assertThat(info.get("payload").getAsString()).isEqualTo("{\"to\":\"ada\"}");
        assertThat(info.getAsJsonObject("headers").get("tenant").getAsString()).isEqualTo("acme");
        assertThat(info.get("lastError").isJsonNull()).isTrue();

        var d = q.fetch(1, java.time.Duration.ZERO).get(0);
        assertThat(q.progress(d, 40, "{\"sent\":4}")).isTrue();
        JsonObject running = JsonParser.parseString(run("task", "show", "--queue", "cli-task", "--id", id, "--json").out())
                .getAsJsonObject().getAsJsonObject("progress");
        assertThat(running.get("percent").getAsInt()).isEqualTo(40);
        assertThat(running.getAsJsonObject("detail").get("sent").getAsInt()).as("the JSON value").isEqualTo(4);
        assertThat(running.get("at").getAsString()).isNotEmpty();
        q.retry(d, java.time.Duration.ofHours(1), "smtp down");
        Run text = run("task", "show", "--queue", "cli-task", "--id", id);
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("state", "scheduled", "lastError", "smtp down", "runAt", "attempts",
                "progress", "percent=40");

        Run unknown = run("task", "show", "--queue", "cli-task", "--id", "no-such-task");
        assertThat(unknown.code()).isEqualTo(3);
        assertThat(unknown.err()).contains("holds no task no-such-task", "cli-task");
        Run bad = run("task", "show", "--queue", "cli-task", "--id", "bad id");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("'id'");
        assertThat(run("task", "show", "--id", id).code()).as("no queue").isEqualTo(2);

        Run enqueued = run("enqueue", "--queue", "cli-task", "--type", "mail", "--retention", "1h");
        assertThat(enqueued.code()).as(enqueued.err()).isZero();
        String kept = enqueued.out().trim().split(" ")[1]; // "accepted <id> on queue cli-task"
        var got = q.fetch(1, java.time.Duration.ZERO).get(0);
        assertThat(got.id()).isEqualTo(kept);
        assertThat(q.ack(got, "{\"sent\":true}")).isTrue();
        JsonObject done = JsonParser.parseString(run("task", "show", "--queue", "cli-task", "--id", kept, "--json").out())
                .getAsJsonObject();
        assertThat(done.get("state").getAsString()).isEqualTo("succeeded");
        assertThat(done.getAsJsonObject("result").get("sent").getAsBoolean()).isTrue();
        assertThat(done.get("retention").getAsString()).isEqualTo("PT1H");
        assertThat(run("enqueue", "--queue", "cli-task", "--type", "mail", "--retention", "2400h").code())
                .as("over the longest retention").isEqualTo(2);

        String doomed = q.enqueue(dev.spool.api.Task.of("mail", "{}")).taskId();
        Run cancel = run("task", "cancel", "--queue", "cli-task", "--id", doomed);
        assertThat(cancel.code()).as(cancel.err()).isZero();
        assertThat(cancel.out()).contains("cancelled task " + doomed, "will not run");
        assertThat(run("task", "cancel", "--queue", "cli-task", "--id", doomed).code()).as("gone").isEqualTo(3);
        Run finished = run("task", "cancel", "--queue", "cli-task", "--id", kept);
        assertThat(finished.code()).isEqualTo(1);
        assertThat(finished.err()).contains("already final");
    }

    @Test
    void eventsPrintsTheLogAndConfigureChangesTheQueuesSettings() throws Exception {
        var broker = dev.spool.api.Spool.connect("inmemory", "inmemory://spool-cli");
        var q = broker.queue("cli-events");
        String id = q.enqueue(dev.spool.api.Task.of("mail", "{}")).taskId();
        var d = q.fetch(1, java.time.Duration.ZERO).get(0);
        q.progress(d, 30, null);
        q.retry(d, java.time.Duration.ZERO, "smtp down");
        Run text = run("events", "--queue", "cli-events");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out().lines().toList()).hasSize(4);
        assertThat(text.out()).contains("enqueued", "started", id, "attempt=1", "percent=30", "retried", "error=smtp down");
        Run json = run("events", "--queue", "cli-events", "--json", "--count", "2");
        java.util.List<String> lines = json.out().lines().toList();
        assertThat(lines).hasSize(2);
        JsonObject second = JsonParser.parseString(lines.get(1)).getAsJsonObject();
        assertThat(second.get("kind").getAsString()).isEqualTo("started");
        assertThat(second.get("taskId").getAsString()).isEqualTo(id);
        Run after = run("events", "--queue", "cli-events", "--json", "--from", second.get("id").getAsString());
        assertThat(after.out().lines().toList()).hasSize(2);
        assertThat(run("events", "--queue", "cli-events", "--from", "yesterday").code()).as("bad id").isEqualTo(2);

        var follow = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> run("events", "--queue", "cli-events", "--follow", "--count", "1"));
        Thread.sleep(200);
        assertThat(follow).as("waits for a new event").isNotDone();
        String later = q.enqueue(dev.spool.api.Task.of("mail", "{}")).taskId();
        Run followed = follow.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(followed.out()).contains("enqueued", later).doesNotContain(id);

        Run shown = run("configure", "--queue", "cli-events");
        assertThat(shown.out()).contains("keeps 10000 events", "not kept");
        Run set = run("configure", "--queue", "cli-events", "--events", "off", "--retention", "1h", "--json");
        assertThat(set.code()).as(set.err()).isZero();
        JsonObject settings = JsonParser.parseString(set.out()).getAsJsonObject();
        assertThat(settings.get("eventsKept").getAsInt()).isZero();
        assertThat(settings.get("retention").getAsString()).isEqualTo("PT1H");
        assertThat(broker.inspector().settings("cli-events").retention()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(run("events", "--queue", "cli-events").out()).as("the log was dropped").isEmpty();
        assertThat(run("configure", "--queue", "cli-events", "--events", "lots").code()).isEqualTo(2);
        assertThat(run("configure", "--queue", "cli-events", "--retention", "1000d").err()).contains("retention", "90 days");
        assertThat(run("configure", "--queue", "cli-events", "--events", "on", "--retention", "none").out())
                .contains("keeps 10000 events", "not kept");
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}

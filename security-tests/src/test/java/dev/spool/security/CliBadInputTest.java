package dev.spool.security;

import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input through {@code spool enqueue}, run as a user runs it: {@code java -jar spool.jar} in a
 * child process. Each row checks the exit code (2 for bad usage, 1 for a failure) and the one-line
 * message on standard error, with no stack trace; file rows check that good lines are stored and
 * every bad line is reported with its number and reason.
 */
class CliBadInputTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    record Row(String input, int exit, String fragment, String[] args) {
        @Override
        public String toString() {
            return input;
        }
    }

    static Row row(String input, int exit, String fragment, String... args) {
        return new Row(input, exit, fragment, args);
    }

    static Stream<Row> usageRows() {
        return Stream.of(
                row("--type 'send mail'", 2, "spool enqueue: task field 'type': 'send mail' has a character outside [A-Za-z0-9_.:-] (U+0020 at index 4)",
                        "enqueue", "--type", "send mail"),
                row("--type '' (empty)", 2, "spool enqueue: task field 'type' is empty; give 1 to 128 characters", "enqueue", "--type", ""),
                row("--type of 129 characters", 2, "spool enqueue: task field 'type' is 129 characters long; shorten it to at most 128",
                        "enqueue", "--type", "t".repeat(129)),
                row("--payload '{\"a\":' (malformed JSON)", 2, "spool enqueue: task field 'payload' of type 't' is not valid JSON: ends early",
                        "enqueue", "--type", "t", "--payload", "{\"a\":"),
                row("--payload of 20,000 nested [ (JSON bomb)", 2, "spool enqueue: task field 'payload' of type 't' is nested deeper than 64 levels",
                        "enqueue", "--type", "t", "--payload", "[".repeat(20_000) + "]".repeat(20_000)),
                row("--delay -5s", 2, "spool enqueue: --delay is '-5s'; write a duration such as 500ms, 30s, 5m, 2h or 1d",
                        "enqueue", "--type", "t", "--delay", "-5s"),
                row("--max-attempts 0", 2, "spool enqueue: task field 'maxAttempts' is 0; use 1 (no retries) to 1000",
                        "enqueue", "--type", "t", "--max-attempts", "0"),
                row("--max-attempts -1", 2, "spool enqueue: task field 'maxAttempts' is -1; use 1 (no retries) to 1000",
                        "enqueue", "--type", "t", "--max-attempts", "-1"),
                row("--max-attempts lots", 2, "'lots' is not an int", "enqueue", "--type", "t", "--max-attempts", "lots"),
                row("--priority 10", 2, "spool enqueue: task field 'priority' is 10; use 0 (lowest, the default) to 9 (highest)",
                        "enqueue", "--type", "t", "--priority", "10"),
                row("--queue 'bad queue'", 2, "queue name 'bad queue' has ' ' at index 3", "enqueue", "--type", "t", "--queue", "bad queue"),
                row("--header 'x y=1'", 2, "task field 'headers': the name 'x y' must match", "enqueue", "--type", "t", "--header", "x y=1"),
                row("unknown option --bogus", 2, "spool: Unknown option: '--bogus'", "enqueue", "--type", "t", "--bogus"),
                row("unknown command 'frobnicate'", 2, "Unmatched argument at index 0: 'frobnicate'", "frobnicate"),
                row("neither --type nor --file", 2, "spool enqueue: give --type (and --payload) for one task, or --file <tasks.jsonl> for many", "enqueue"),
                row("--file that does not exist", 2, "--file /nonexistent/tasks.jsonl does not exist", "enqueue", "--file", "/nonexistent/tasks.jsonl"),
                row("--backend nosuch", 2, "unknown backend 'nosuch'", "enqueue", "--backend", "nosuch", "--type", "t"),
                row("--connect-timeout soon", 2, "--connect-timeout is 'soon'; write a duration such as 500ms", "enqueue", "--type", "t",
                        "--connect-timeout", "soon"));
    }

    @BeforeEach
    void empty() {
        REDIS.flushAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageRows")
    void badUsageExitsWithOneClearLine(Row row) {
        List<String> args = new ArrayList<>(List.of(row.args()));
        if (!args.contains("--backend") && !args.get(0).equals("frobnicate")) {
            args.addAll(List.of("--redis", REDIS.url()));
        }
        SpoolCommand.Result r = SpoolCommand.run(args.toArray(String[]::new));
        assertThat(r.exit()).as("%s", r).isEqualTo(row.exit());
        assertThat(r.err()).as("%s", r).contains(row.fragment()).doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(REDIS.command("DBSIZE")).as("nothing stored").isEqualTo(0L);
        BadInputTable.record("spool enqueue (CLI)", row.input(), "exit " + r.exit(), firstLine(r.err()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void aUrlWithABadSchemeIsRefusedNamingTheForm(String backend) {
        SpoolCommand.Result r = SpoolCommand.run("enqueue", "--backend", backend, "--redis", "http://127.0.0.1:" + REDIS.port(), "--type", "t");
        assertThat(r.exit()).as("%s", r).isNotZero();
        assertThat(r.err()).as("%s", r).contains("http://127.0.0.1:" + REDIS.port()).contains("redis://").contains("rediss://")
                .doesNotContain("\tat ");
        BadInputTable.record("spool enqueue --backend " + backend, "--redis http://127.0.0.1:PORT (bad scheme)", "exit " + r.exit(),
                firstLine(r.err()).replace(Integer.toString(REDIS.port()), "PORT"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void anUnreachableHostFailsWithinTheConnectTimeoutNamingTheAddress(String backend) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        long t0 = System.nanoTime();
        SpoolCommand.Result r = SpoolCommand.run("enqueue", "--backend", backend, "--redis", "redis://127.0.0.1:" + port,
                "--type", "t", "--connect-timeout", "3s");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).as("%s", r).contains("127.0.0.1:" + port).contains(backend).doesNotContain("\tat ");
        assertThat(ms).as("gives up around --connect-timeout (3 s), not later").isLessThan(60_000);
        BadInputTable.record("spool enqueue --backend " + backend, "--redis redis://127.0.0.1:PORT (nothing listens)",
                "exit " + r.exit(), firstLine(r.err()).replace(Integer.toString(port), "PORT"));
    }

    @Test
    void aFileOfBinaryJunkIsRejectedLineByLine() throws IOException {
        byte[] junk = new byte[4096];
        new Random(8).nextBytes(junk);
        Path file = Files.createTempFile("junk", ".jsonl");
        Files.write(file, junk);
        SpoolCommand.Result r = SpoolCommand.run("enqueue", "--redis", REDIS.url(), "--file", file.toString());
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.out()).as("%s", r).contains("0 accepted");
        assertThat(r.err()).contains("line 1: rejected: is not UTF-8 text (binary data?); write one JSON object per line")
                .doesNotContain("\tat ");
        assertThat(REDIS.command("DBSIZE")).isEqualTo(0L);
        BadInputTable.record("spool enqueue --file (CLI)", "--file of 4 KiB random bytes", "exit 1, every line rejected",
                firstLine(r.err()) + " … " + r.out().strip());
        Files.delete(file);
    }

    @Test
    void aFileMixingGoodAndBadLinesStoresTheGoodAndNamesEachBadLine() throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        List<String> inputs = new ArrayList<>();
        line(f, inputs, "(good line)", "{\"type\":\"good\",\"payload\":{\"n\":1}}");
        line(f, inputs, "a line with invalid UTF-8 bytes (C3 28 FF)", null);
        f.writeBytes("{\"type\":\"c\",\"payload\":\"caf".getBytes(StandardCharsets.UTF_8));
        f.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF});
        f.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
        line(f, inputs, "a line with a JSON bomb payload (100,000 nested [)",
                "{\"type\":\"b\",\"payload\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        line(f, inputs, "a line with a payload over 1 MiB", "{\"type\":\"big\",\"payload\":\"" + "x".repeat(1_100_000) + "\"}");
        line(f, inputs, "a line that is not JSON", "send mail to ada");
        line(f, inputs, "a line that is a JSON array", "[1,2]");
        line(f, inputs, "a line without type", "{\"payload\":{}}");
        line(f, inputs, "a line with type \"\"", "{\"type\":\"\"}");
        line(f, inputs, "a line with an unknown field", "{\"type\":\"t\",\"priorty\":5}");
        line(f, inputs, "a line with delay \"-5s\"", "{\"type\":\"t\",\"delay\":\"-5s\"}");
        line(f, inputs, "a line with maxAttempts 0", "{\"type\":\"t\",\"maxAttempts\":0}");
        line(f, inputs, "a line with maxAttempts 1.5", "{\"type\":\"t\",\"maxAttempts\":1.5}");
        line(f, inputs, "a line with runAt \"tomorrow\"", "{\"type\":\"t\",\"runAt\":\"tomorrow\"}");
        line(f, inputs, "a line with a header that is an object", "{\"type\":\"t\",\"headers\":{\"h\":{}}}");
        line(f, inputs, "a line with queue \"a b\"", "{\"type\":\"t\",\"queue\":\"a b\"}");
        line(f, inputs, "(good line)", "{\"type\":\"good\",\"payload\":{\"n\":2}}");
        Path file = Files.createTempFile("mixed", ".jsonl");
        Files.write(file, f.toByteArray());
        SpoolCommand.Result r = SpoolCommand.run("enqueue", "--redis", REDIS.url(), "--file", file.toString());
        Files.delete(file);
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.out()).as("%s", r).contains("2 accepted").contains((inputs.size() - 2) + " rejected");
        assertThat(REDIS.command("LLEN", "spool:{default}:ready:0")).as("the two good lines are stored").isEqualTo(2L);
        Matcher m = Pattern.compile("(?m)^line (\\d+): rejected: (.*)$").matcher(r.err());
        List<String> reasons = new ArrayList<>();
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            reasons.add(n + "");
            BadInputTable.record("spool enqueue --file (CLI)", inputs.get(n - 1), "line rejected, exit 1",
                    "line " + n + ": rejected: " + m.group(2));
        }
        assertThat(reasons).as("%s", r).containsExactly("2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15");
        assertThat(r.err()).contains("line 2: rejected: is not UTF-8 text")
                .contains("line 4: rejected: task field 'payload' of type 'big' is 1100002 characters, over the limit of 1048576 bytes")
                .contains("line 9: rejected: has unknown field 'priorty'")
                .contains("line 10: rejected: field 'delay' is '-5s'")
                .contains("line 11: rejected: task field 'maxAttempts' is 0")
                .doesNotContain("\tat ");
        assertThat(r.err()).as("the bomb line names its nesting").containsPattern("line 3: rejected: .*(?i)(nest|deep)");
    }

    private static void line(ByteArrayOutputStream f, List<String> inputs, String input, String text) {
        inputs.add(input);
        if (text != null) {
            f.writeBytes((text + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    static String firstLine(String s) {
        return s.strip().lines().findFirst().orElse("");
    }
}

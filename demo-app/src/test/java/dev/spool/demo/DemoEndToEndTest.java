package dev.spool.demo;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.spool.demo.handlers.LogGenerator;
import dev.spool.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's main, run in this JVM as a user runs it, and its report checked against the files
 * it left on disk, counted here independently of the demo's parser.
 */
class DemoEndToEndTest {
    private static final Pattern STATUS = Pattern.compile(" (GET|POST|PUT|DELETE) \\S+ (\\d{3}) \\d+ms");

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    @TempDir
    Path out;

    record Run(int exit, String stdout, String stderr) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void on_an_embedded_redis_every_file_is_generated_and_parsed_and_only_the_bad_task_is_dead(String backend)
            throws Exception {
        Run run = demo("--backend", backend, "--files", "9", "--lines", "400", "--workers", "3", "--seed", "7",
                "--out", out.toString());

        assertThat(run.exit()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(run.stdout()).contains("backend " + backend + " on embedded Redis at redis://127.0.0.1:",
                "finished       19 of 19: 18 succeeded, 1 dead-lettered; 1 retry", "check          OK",
                "Results (each task waited for by id, woken by the queue's event log)",
                "parsed      9 of 9 files, 3,600 lines; 1 dead letter");

        JsonObject report = report();
        JsonObject tasks = report.getAsJsonObject("tasks");
        assertThat(tasks.get("finished").getAsInt()).isEqualTo(19);
        assertThat(tasks.get("succeeded").getAsInt()).isEqualTo(18);
        assertThat(tasks.get("retried").getAsInt()).as("file 7 fails its first attempt").isEqualTo(1);
        assertThat(tasks.get("deadLettered").getAsInt()).isEqualTo(1);
        var dead = report.getAsJsonArray("deadLetters");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).getAsJsonObject().get("type").getAsString()).isEqualTo("parse_log_file");
        assertThat(dead.get(0).getAsJsonObject().get("error").getAsString())
                .contains(out.resolve("missing.log").toString(), "does not exist");

        assertReportAgreesWithDisk(report, 9, 400);
        assertThat(Files.readString(out.resolve("app-0001.log")))
                .as("the seed decides the content").isEqualTo(LogGenerator.generate(DemoPlan.fileSeed(7, 1), 400));
    }

    @Test
    void an_existing_redis_given_with_redis_is_used() throws Exception {
        Run run = demo("--redis", REDIS.url(), "--queue", "e2e-existing", "--files", "3", "--lines", "50",
                "--out", out.toString());

        assertThat(run.exit()).as(run.stdout() + run.stderr()).isZero();
        assertThat(report().get("where").getAsString()).isEqualTo("Redis at " + REDIS.url());
        assertReportAgreesWithDisk(report(), 3, 50);
    }

    @Test
    void two_runs_with_one_seed_report_the_same_log_statistics() throws Exception {
        assertThat(demo("--backend", "inmemory", "--files", "4", "--lines", "300", "--out", out.toString()).exit()).isZero();
        JsonObject first = report().getAsJsonObject("logs");
        assertThat(demo("--backend", "inmemory", "--files", "4", "--lines", "300", "--out", out.toString()).exit()).isZero();

        assertThat(report().getAsJsonObject("logs")).isEqualTo(first);
        assertThat(demo("--backend", "inmemory", "--files", "4", "--lines", "300", "--seed", "8", "--out",
                out.toString()).exit()).isZero();
        assertThat(report().getAsJsonObject("logs")).isNotEqualTo(first);
    }

    @Test
    void a_bad_option_is_one_line_on_stderr_and_exit_code_2() {
        for (List<String> args : List.of(List.of("--files", "0"), List.of("--backend", "kafka"), List.of("--bogus"),
                List.of("--lines", "many"), List.of("--backend", "inmemory", "--redis", "redis://127.0.0.1:6379"),
                List.of("--timeout", "soon"), List.of("--out", "pom.xml"), List.of("produce", "--backend", "inmemory"), List.of("redis", "--port", "0"))) {
            Run run = demo(args.toArray(String[]::new));
            assertThat(run.exit()).as("%s", args).isEqualTo(2);
            assertThat(run.stdout()).as("%s", args).isEmpty();
            assertThat(run.stderr().lines().toList()).as("%s", args).singleElement().asString().startsWith("spool-demo: ");
        }
        assertThat(demo("--files", "0").stderr()).contains("--files is 0; use 1 to 9999");
        assertThat(demo("--backend", "kafka").stderr()).contains("redis-list, redis-stream, inmemory");
        assertThat(demo("produce", "--backend", "inmemory").stderr()).contains("produce needs a backend other processes can reach");
    }

    @Test
    void an_unreachable_redis_is_one_line_on_stderr_and_exit_code_1() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free once closed: nothing listens there
        }
        Run run = demo("--redis", "redis://user:secret@127.0.0.1:" + port, "--files", "1", "--out", out.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stderr().lines().toList()).singleElement().asString()
                .startsWith("spool-demo: ").contains(String.valueOf(port)).doesNotContain("secret");
    }

    @Test
    void tasks_prints_the_plan_as_json_lines_for_spool_enqueue() {
        Run run = demo("tasks", "--files", "8", "--lines", "50", "--seed", "3", "--out", out.toString());

        assertThat(run.exit()).isZero();
        List<JsonObject> lines = run.stdout().lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        assertThat(lines).hasSize(9);
        JsonObject seventh = lines.get(6);
        assertThat(seventh.get("type").getAsString()).isEqualTo("generate_log_file");
        assertThat(seventh.get("maxAttempts").getAsInt()).isEqualTo(3);
        JsonObject payload = seventh.getAsJsonObject("payload");
        assertThat(payload.get("dir").getAsString()).isEqualTo(out.toString());
        assertThat(payload.get("file").getAsString()).isEqualTo("app-0007.log");
        assertThat(payload.get("lines").getAsInt()).isEqualTo(50);
        assertThat(payload.get("failAttempts").getAsInt()).isEqualTo(1);
        assertThat(payload.get("seed").getAsLong()).isEqualTo(DemoPlan.fileSeed(3, 7))
                .as("exact as a double too").isEqualTo((long) payload.get("seed").getAsDouble());
        assertThat(lines.get(8).get("type").getAsString()).isEqualTo("parse_log_file");
        assertThat(lines.get(8).getAsJsonObject("payload").get("file").getAsString())
                .isEqualTo(out.resolve("missing.log").toString());
    }

    @Test
    void help_lists_the_options_and_exits_0() {
        Run run = demo("--help");
        assertThat(run.exit()).isZero();
        assertThat(run.stdout()).contains("--redis", "--backend", "--files", "--lines", "--workers", "--out", "--seed",
                "produce", "tasks", "redis");
    }

    /** Recounts lines, levels and status codes from the log files and compares them with the report. */
    private void assertReportAgreesWithDisk(JsonObject report, int files, int lines) throws Exception {
        Map<String, Long> levels = new TreeMap<>();
        Map<String, Long> statuses = new TreeMap<>();
        long total = 0;
        for (int i = 1; i <= files; i++) {
            Path log = out.resolve(String.format("app-%04d.log", i));
            assertThat(log).exists();
            assertThat(out.resolve(log.getFileName() + ".stats.json")).exists();
            List<String> content = Files.readAllLines(log, StandardCharsets.UTF_8);
            assertThat(content).hasSize(lines);
            total += content.size();
            for (String line : content) {
                if (!line.isEmpty() && Character.isDigit(line.charAt(0))) {
                    levels.merge(line.split("\\s+")[1], 1L, Long::sum);
                }
                Matcher m = STATUS.matcher(line);
                if (m.find()) {
                    statuses.merge(m.group(2), 1L, Long::sum);
                }
            }
        }
        try (var all = Files.list(out)) {
            assertThat(all.filter(p -> p.getFileName().toString().endsWith(".log"))).hasSize(files);
        }
        JsonObject logs = report.getAsJsonObject("logs");
        assertThat(logs.get("files").getAsInt()).isEqualTo(files);
        assertThat(logs.get("lines").getAsLong()).isEqualTo(total);
        assertThat(counts(logs.getAsJsonObject("levels"))).isEqualTo(levels);
        assertThat(counts(logs.getAsJsonObject("statuses"))).isEqualTo(statuses);
        assertThat(report.getAsJsonObject("check").get("ok").getAsBoolean()).isTrue();
    }

    private static Map<String, Long> counts(JsonObject o) {
        Map<String, Long> m = new TreeMap<>();
        o.entrySet().forEach(e -> m.put(e.getKey(), e.getValue().getAsLong()));
        return m;
    }

    private JsonObject report() throws Exception {
        return JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
    }

    private static Run demo(String... args) {
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        int exit;
        try (var o = new PrintStream(stdout, true, StandardCharsets.UTF_8);
             var e = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
            exit = DemoCli.execute(args, o, e, false);
        }
        return new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }
}

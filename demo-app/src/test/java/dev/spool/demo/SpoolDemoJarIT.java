package dev.spool.demo;

import dev.spool.api.Broker;
import dev.spool.api.RetryPolicy;
import dev.spool.api.Spool;
import dev.spool.testkit.Eventually;
import dev.spool.testkit.redis.RedisServerExtension;
import dev.spool.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged artifacts as users run them: {@code java -jar target/spool-demo.jar} in a child
 * JVM, and the handlers JAR loaded by workers from a handlers directory while {@code produce}
 * runs in another process.
 */
class SpoolDemoJarIT {
    private static final Path JAR = Path.of(System.getProperty("spool.demo.jar", "target/spool-demo.jar"));
    private static final Path HANDLERS_JAR = Path.of(System.getProperty("spool.demo.handlers",
            "target/handlers/spool-demo-handlers.jar"));

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.shared();

    @TempDir
    Path out;

    record Result(int exit, String stdout, String stderr) {
    }

    @Test
    void the_readme_command_runs_the_demo_on_an_embedded_redis_and_exits_0() throws Exception {
        Result r = java("-jar", JAR.toString(), "--files", "3", "--lines", "200", "--out", out.toString());

        assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).contains("on embedded Redis at redis://127.0.0.1:", "progress: 7/7 tasks",
                "finished       7 of 7: 6 succeeded, 1 dead-lettered; 0 retries", "check          OK");
        assertThat(out.resolve("report.json")).exists();
        assertThat(out.resolve("spool-demo.log")).exists();
    }

    @Test
    void a_bad_option_gives_one_line_and_exit_code_2() throws Exception {
        Result r = java("-jar", JAR.toString(), "--workers", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr().lines().toList()).containsExactly("spool-demo: --workers is 0; use 1 to 256 (see --help)");
    }

    @Test
    void the_fat_jar_carries_every_backend_and_the_handlers_jar_only_the_handlers() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            String backends = new String(jar.getInputStream(jar.getEntry("META-INF/services/dev.spool.api.spi.QueueBackend"))
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertThat(backends).contains("dev.spool.redis.list.", "dev.spool.redis.stream.", "dev.spool.inmemory.");
        }
        try (JarFile jar = new JarFile(HANDLERS_JAR.toFile())) {
            List<String> names = jar.stream().filter(e -> !e.isDirectory()).map(e -> e.getName()).toList();
            assertThat(names).allMatch(n -> n.startsWith("dev/spool/demo/handlers/") || n.startsWith("META-INF/"));
            assertThat(names).contains("META-INF/services/dev.spool.api.TaskHandler",
                    "dev/spool/demo/handlers/GenerateLogFile.class", "dev/spool/demo/handlers/ParseLogFile.class");
            String services = new String(jar.getInputStream(jar.getEntry("META-INF/services/dev.spool.api.TaskHandler"))
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertThat(services.lines().toList()).containsExactly("dev.spool.demo.handlers.GenerateLogFile",
                    "dev.spool.demo.handlers.ParseLogFile");
        }
    }

    /**
     * The distributed form: {@code produce} in a child JVM, two workers here finding the handlers
     * through the handlers directory's service file. (Their class loader asks its parent first, so
     * the classes themselves come from this test's classpath; the README's run with
     * {@code spool worker} shows the JAR working on its own.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"redis-list", "redis-stream"})
    void produce_in_a_child_process_and_two_workers_with_a_handlers_directory_finish_the_run(String backend)
            throws Exception {
        Path handlersDir = HANDLERS_JAR.getParent();
        try (Broker broker = Spool.connect(backend, REDIS.url());
             Worker a = worker(broker, handlersDir);
             Worker b = worker(broker, handlersDir)) {
            a.start();
            b.start();

            Result r = java("-jar", JAR.toString(), "produce", "--backend", backend, "--redis", REDIS.url(),
                    "--queue", "jar-it-" + backend, "--files", "8", "--lines", "150", "--out", out.toString());

            assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
            assertThat(r.stdout()).contains("workers in other processes",
                    "finished       17 of 17: 16 succeeded, 1 dead-lettered; 1 retry", "check          OK",
                    "parsed      8 of 8 files, 1,200 lines; 1 dead letter");
            Eventually.until(Duration.ofSeconds(30), "both workers' counts to show the 16 successes",
                    () -> a.snapshot().succeeded() + b.snapshot().succeeded() == 16);
        }
    }

    private static Worker worker(Broker broker, Path handlersDir) {
        return Worker.builder(broker).queues("jar-it-" + broker.backend()).concurrency(2)
                .discoverHandlers(false).handlersDirectory(handlersDir)
                .retryPolicy(RetryPolicy.defaults().withInitialDelay(Duration.ofMillis(50)))
                .build();
    }

    private static Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile("spool-demo-it", ".out");
        Path stderr = Files.createTempFile("spool-demo-it", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("java " + String.join(" ", args) + " did not end within 3 minutes");
            }
            return new Result(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}

package dev.spool.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real worker process: {@code spool worker} of the worker runtime's command line, run either from
 * worker-runtime's shaded {@code spool.jar} or from the bench JAR (which carries the same runtime),
 * with the handlers JAR of {@link HandlerJar} in its {@code --handlers} directory. Its CPU time
 * comes from {@code /proc/<pid>/stat}, its heap from {@code jcmd <pid> GC.heap_info}.
 */
final class WorkerProcess implements WorkerTarget {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);
    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    WorkerProcess(List<String> command, Map<String, String> env, Path log) {
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.log = log;
    }

    /**
     * The command line of a worker: {@code launcher} (the java command up to the main class or
     * {@code -jar spool.jar}) followed by {@code worker} and its options.
     */
    static List<String> command(List<String> launcher, String backend, String url, String queue, int concurrency,
                                Path handlersDir) {
        List<String> c = new ArrayList<>(launcher);
        c.addAll(List.of("worker", "--backend", backend, "--redis", url, "--queues", queue,
                "--concurrency", Integer.toString(concurrency), "--handlers", handlersDir.toString(),
                "--grace", "5s"));
        return c;
    }

    @Override
    public void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        process = pb.start();
        LOG.debug("worker process {} started: {}", process.pid(), command);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public long cpuNanos() {
        return ProcStat.cpuNanos(process.pid());
    }

    @Override
    public long[] heapBytes() {
        long before = jcmdHeapUsed();
        jcmd("GC.run");
        return new long[] {before, jcmdHeapUsed()};
    }

    @Override
    public long[] gc() {
        try {
            Process p = new ProcessBuilder("jstat", "-gc", Long.toString(process.pid())).redirectErrorStream(true).start();
            String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split("\n");
            p.waitFor(30, TimeUnit.SECONDS);
            return JstatGc.parse(lines);
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new long[] {-1, -1};
        }
    }

    private long jcmdHeapUsed() {
        Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
        return m.find() ? Long.parseLong(m.group(2)) * 1024 : -1;
    }

    private String jcmd(String what) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(process.pid()), what).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM: the worker stops gracefully
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                LOG.warn("worker process {} did not stop within 30 s of SIGTERM; killing it", process.pid());
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

package dev.spool.demo;

import dev.spool.api.DeadLetter;
import dev.spool.demo.handlers.LogStats;
import dev.spool.demo.handlers.StatsFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The summary of one run, printed by {@link ReportPrinter} and written as {@code report.json}
 * next to the logs: how the tasks went, the statistics of every log file merged into one, and a
 * check of the results against the files on disk.
 *
 * @param backend            the backend's short name
 * @param where              where the backend ran ("embedded Redis at redis://…", a redacted URL, "this JVM")
 * @param queue              the queue the tasks went through
 * @param seed               the run's seed
 * @param files              log files planned
 * @param linesPerFile       lines per log file
 * @param workers            handler threads in this process (0 when the workers run elsewhere)
 * @param out                the output directory
 * @param tasks              the task figures
 * @param wallTimeMs         from the first enqueue to the last task finished
 * @param throughputPerSecond finished tasks per second of wall time
 * @param endToEndLatencyMs  enqueue to handler start (first attempts); null when the workers ran elsewhere
 * @param deadLetters        this run's dead letters as the backend holds them
 * @param logs               every log file's statistics merged
 * @param check              the results checked against the files on disk
 */
record RunReport(String backend, String where, String queue, long seed, int files, int linesPerFile, int workers,
                 String out, Tasks tasks, long wallTimeMs, double throughputPerSecond,
                 LogStats.Percentiles endToEndLatencyMs, List<DeadLetterView> deadLetters, LogSummary logs,
                 Check check) {

    /**
     * Task figures.
     *
     * @param planned      tasks that finish when all goes to plan (two per file, plus the bad one)
     * @param finished     tasks that succeeded or became dead letters
     * @param succeeded    tasks acknowledged
     * @param retried      failed attempts scheduled again
     * @param deadLettered tasks that became dead letters
     */
    record Tasks(long planned, long finished, long succeeded, long retried, long deadLettered) {
    }

    /** A dead letter: its task id, type, attempts and the reason stored with it. */
    record DeadLetterView(String id, String type, int attempts, String error) {
        static DeadLetterView of(DeadLetter d) {
            return new DeadLetterView(d.id(), d.type(), d.attempts(), d.error());
        }
    }

    /** An error message and how often it appeared. */
    record ErrorCount(String message, long count) {
    }

    /** The merged log statistics, without the latency histogram (each file's .stats.json has its own). */
    record LogSummary(int files, long lines, long requests, Map<String, Long> levels, Map<String, Long> statuses,
                      List<ErrorCount> topErrors, LogStats.Percentiles latencyMs) {
        static LogSummary of(LogStats all, int top) {
            return new LogSummary(all.files(), all.lines(), all.requests(), all.levels(), all.statuses(),
                    all.topErrors(top).stream().map(e -> new ErrorCount(e.getKey(), e.getValue())).toList(),
                    all.latencyMs());
        }
    }

    /**
     * The results against the disk: log files found, result files found, lines counted in the
     * log files, lines the results account for, whether all agreed, and what did not.
     */
    record Check(int logFiles, int parsedFiles, long linesOnDisk, long linesParsed, boolean ok, List<String> problems) {
    }

    private static final int MAX_FILE_PROBLEMS = 5;

    /** Reads every result file in the plan's directory and merges them. */
    static LogStats mergedStats(DemoPlan plan) throws IOException {
        return LogStats.merge("all", StatsFiles.readAll(plan.out()));
    }

    /**
     * Checks the run: every planned file generated and parsed, each result's line count equal to
     * the file's, and exactly the bad task dead-lettered.
     */
    static Check check(DemoPlan plan, List<DeadLetterView> deadLetters) throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> logs = plan.logFiles();
        List<Path> results = StatsFiles.list(plan.out());
        long onDisk = 0;
        long parsed = 0;
        for (int i = 1; i <= plan.files(); i++) {
            Path log = plan.out().resolve(DemoPlan.fileName(i));
            if (!Files.isRegularFile(log)) {
                problems.add(log.getFileName() + " was not generated");
                continue;
            }
            long lines = countLines(log);
            onDisk += lines;
            Path result = StatsFiles.pathFor(log);
            if (!Files.isRegularFile(result)) {
                problems.add(log.getFileName() + " was not parsed (no " + result.getFileName() + ")");
                continue;
            }
            LogStats stats = StatsFiles.read(result);
            parsed += stats.lines();
            if (stats.lines() != lines || lines != plan.lines()) {
                problems.add(log.getFileName() + " has " + lines + " lines on disk, " + stats.lines()
                        + " in its statistics, " + plan.lines() + " planned");
            }
        }
        if (problems.size() > MAX_FILE_PROBLEMS) {
            int more = problems.size() - MAX_FILE_PROBLEMS;
            problems.subList(MAX_FILE_PROBLEMS, problems.size()).clear();
            problems.add("... and " + more + " more file(s) with a problem");
        }
        if (logs.size() != plan.files()) {
            problems.add(logs.size() + " log files on disk, " + plan.files() + " planned");
        }
        String missing = plan.out().resolve(DemoPlan.MISSING_FILE).toString();
        long bad = deadLetters.stream().filter(d -> d.error() != null && d.error().contains(missing)).count();
        if (bad != 1 || deadLetters.size() != 1) {
            problems.add(deadLetters.size() + " dead letter(s), " + bad
                    + " of them the planned bad task; expected exactly the planned one");
        }
        return new Check(logs.size(), results.size(), onDisk, parsed, problems.isEmpty(), List.copyOf(problems));
    }

    private static long countLines(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The report as the JSON written next to the logs. */
    String toJson() {
        return StatsFiles.toJson(this);
    }
}

package dev.spool.demo;

import dev.spool.api.Task;
import dev.spool.demo.handlers.GenerateLogFile;
import dev.spool.demo.handlers.ParseLogFile;
import dev.spool.demo.handlers.StatsFiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one demo run enqueues: a {@code generate_log_file} task per file (each of which enqueues
 * its {@code parse_log_file}), and one deliberately bad {@code parse_log_file} whose file does not
 * exist, to show a dead letter. Every {@value #FLAKY_EVERY}th file fails its first attempt on
 * purpose, to show a retry. All of it follows from the seed, so two runs with one seed write the
 * same files and report the same statistics.
 *
 * @param out   the directory the logs, their statistics and the report go to (absolute)
 * @param files how many log files
 * @param lines lines per file
 * @param seed  the run's seed
 */
record DemoPlan(Path out, int files, int lines, long seed) {
    /** Files 7, 14, 21, … fail their first attempt. */
    static final int FLAKY_EVERY = 7;
    /** The name of the file the bad task asks to parse. */
    static final String MISSING_FILE = "missing.log";
    /** The report's file name in {@link #out()}. */
    static final String REPORT_FILE = "report.json";
    private static final String LOG_GLOB = "app-[0-9][0-9][0-9][0-9].log";

    DemoPlan {
        out = out.toAbsolutePath().normalize();
    }

    /** How long the tasks' outcomes are kept, for the producer to read by id (their follow-ups inherit it). */
    static final Duration RESULTS_KEPT = Duration.ofHours(1);

    /** The generate tasks in file order (each enqueues its parse), then the bad parse task. */
    List<Task> tasks() {
        List<Task> tasks = new ArrayList<>(files + 1);
        for (int i = 1; i <= files; i++) {
            var request = new GenerateLogFile.Request(out.toString(), fileName(i), fileSeed(seed, i), lines,
                    i % FLAKY_EVERY == 0 ? 1 : 0);
            tasks.add(Task.builder(GenerateLogFile.TYPE).payloadValue(request).maxAttempts(3).retention(RESULTS_KEPT).build());
        }
        tasks.add(Task.builder(ParseLogFile.TYPE)
                .payloadValue(new ParseLogFile.Request(out.resolve(MISSING_FILE).toString()))
                .retention(RESULTS_KEPT)
                .build());
        return tasks;
    }

    /** Tasks that end (succeed or become dead letters) when all goes to plan: two per file, plus the bad one. */
    int expectedTasks() {
        return 2 * files + 1;
    }

    /** Generate tasks that fail once on purpose. */
    int expectedRetries() {
        return files / FLAKY_EVERY;
    }

    /** The name of file {@code index} (1-based). */
    static String fileName(int index) {
        return String.format("app-%04d.log", index);
    }

    /**
     * File {@code index}'s seed: the run seed and the index, mixed (SplitMix64) so neighbours
     * differ, kept to 53 bits so that it survives any JSON parser (a double holds it exactly).
     */
    static long fileSeed(long seed, int index) {
        long z = seed + index * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) >>> 11;
    }

    /** The report's path. */
    Path reportFile() {
        return out.resolve(REPORT_FILE);
    }

    /**
     * Removes what an earlier run left in {@link #out()}: the demo's log files, their statistics
     * and the report. Nothing else in the directory is touched.
     */
    void clearOutput() throws IOException {
        Files.createDirectories(out);
        for (String glob : List.of(LOG_GLOB, LOG_GLOB + ".tmp", LOG_GLOB + StatsFiles.SUFFIX,
                LOG_GLOB + StatsFiles.SUFFIX + ".tmp", REPORT_FILE)) {
            try (DirectoryStream<Path> old = Files.newDirectoryStream(out, glob)) {
                for (Path p : old) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The demo's log files now in {@link #out()}, sorted. */
    List<Path> logFiles() throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(out, LOG_GLOB)) {
            logs.forEach(found::add);
        }
        found.sort(null);
        return found;
    }
}

package dev.spool.demo;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** The options that decide what a run writes: how many files, how long, where, from which seed. */
final class PlanOptions {

    @Option(names = "--files", paramLabel = "<n>", defaultValue = "40",
            description = "Log files to generate and parse (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--lines", paramLabel = "<n>", defaultValue = "3000",
            description = "Lines per log file (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = "--out", paramLabel = "<dir>", defaultValue = "${sys:java.io.tmpdir}/spool-demo",
            description = "Where the logs, their .stats.json and report.json go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", paramLabel = "<n>", defaultValue = "42",
            description = "Random seed: one seed, the same logs and statistics (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Checks the values; a bad one is a usage error naming the option. */
    void validate(CommandSpec spec) {
        if (files < 1 || files > 9999) {
            throw DemoOptions.usage(spec, "--files is " + files + "; use 1 to 9999");
        }
        if (lines < 1 || lines > 10_000_000) {
            throw DemoOptions.usage(spec, "--lines is " + lines + "; use 1 to 10000000");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw DemoOptions.usage(spec, "--out " + out + " is a file; give a directory (it is created when missing)");
        }
    }

    /** What the run writes. */
    DemoPlan plan() {
        return new DemoPlan(out, files, lines, seed);
    }
}

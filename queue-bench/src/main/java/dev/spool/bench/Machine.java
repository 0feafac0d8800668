package dev.spool.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a run was taken on, for the report. */
final class Machine {
    private Machine() {
    }

    static void describe(Report report) {
        report.context("machine", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores available, "
                + memTotal() + " RAM, " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        report.context("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format("%.1f GiB", kb / 1048576.0);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return "? GiB";
    }
}

package dev.spool.demo;

import dev.spool.demo.handlers.LogStats;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints a {@link RunReport} for people: aligned, grouped digits, ASCII only. */
final class ReportPrinter {
    private static final int WRAP = 96;
    private static final String INDENT = "                 ";

    private final PrintStream out;

    ReportPrinter(PrintStream out) {
        this.out = out;
    }

    /** The lines printed before the run starts. */
    void header(RunReport r) {
        out.println("Spool demo: the log pipeline");
        out.printf(Locale.ROOT, "  backend %s on %s, queue '%s'%n", r.backend(), r.where(), r.queue());
        out.printf(Locale.ROOT, "  %s log files x %s lines, %s, seed %d%n", n(r.files()), n(r.linesPerFile()),
                r.workers() > 0 ? r.workers() + " worker threads in this process" : "workers in other processes",
                r.seed());
        out.printf(Locale.ROOT, "  output %s%n%n", r.out());
    }

    /** The summary printed after the run. */
    void summary(RunReport r) {
        RunReport.Tasks t = r.tasks();
        out.println();
        out.println("Tasks");
        row("finished", n(t.finished()) + " of " + n(t.planned()) + ": " + n(t.succeeded()) + " succeeded, "
                + n(t.deadLettered()) + " dead-lettered; " + n(t.retried()) + (t.retried() == 1 ? " retry" : " retries"));
        row("wall time", String.format(Locale.ROOT, "%.2f s", r.wallTimeMs() / 1000.0));
        row("throughput", String.format(Locale.ROOT, "%.1f tasks/s", r.throughputPerSecond()));
        LogStats.Percentiles e2e = r.endToEndLatencyMs();
        row("latency", e2e == null ? "not measured (the workers ran in other processes)"
                : "p50 " + ms(e2e.p50()) + ", p99 " + ms(e2e.p99()) + " from enqueue to handler start (the "
                        + n(r.files() + 1L) + " first tasks are enqueued at once for " + r.workers() + " threads)");
        if (!r.deadLetters().isEmpty()) {
            out.println();
            out.println("Dead letters (kept by the backend: inspect, requeue or delete them)");
            for (RunReport.DeadLetterView d : r.deadLetters()) {
                out.printf(Locale.ROOT, "  %s %s, %d attempt%s:%n", d.id(), d.type(), d.attempts(),
                        d.attempts() == 1 ? "" : "s");
                wrap("    ", d.error());
            }
        }
        RunReport.LogSummary logs = r.logs();
        out.println();
        out.printf(Locale.ROOT, "Logs (%s files, %s lines, %s requests)%n", n(logs.files()), n(logs.lines()),
                n(logs.requests()));
        if (logs.files() == 0) {
            row("statistics", "none: no log file was parsed");
            printCheck(r);
            return;
        }
        row("levels", joined(logs.levels(), -1));
        row("status codes", joined(logs.statuses(), logs.requests()));
        row("latency", "p50 " + ms(logs.latencyMs().p50()) + ", p95 " + ms(logs.latencyMs().p95()) + ", p99 "
                + ms(logs.latencyMs().p99()));
        boolean first = true;
        int width = logs.topErrors().stream().mapToInt(e -> n(e.count()).length()).max().orElse(1);
        for (RunReport.ErrorCount e : logs.topErrors()) {
            String text = String.format(Locale.ROOT, "%" + width + "s  %s", n(e.count()), e.message());
            if (first) {
                row("top errors", text);
                first = false;
            } else {
                out.println(INDENT + text);
            }
        }
        printCheck(r);
    }

    private void printCheck(RunReport r) {
        out.println();
        RunReport.Check c = r.check();
        if (c.ok()) {
            row("check", "OK: " + c.logFiles() + "/" + r.files() + " files generated and parsed, "
                    + n(c.linesParsed()) + " lines parsed = " + n(c.linesOnDisk()) + " on disk, the planned dead letter");
        } else {
            row("check", "FAILED:");
            c.problems().forEach(p -> out.println(INDENT + p));
        }
        row("report", r.out() + "/" + DemoPlan.REPORT_FILE);
    }

    private void row(String label, String value) {
        out.printf(Locale.ROOT, "  %-14s %s%n", label, value);
    }

    /** {@code counts} on as few lines as fit, each with its share of {@code total} when it is positive. */
    private String joined(Map<String, Long> counts, long total) {
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(total > 0
                ? String.format(Locale.ROOT, "%s %s (%.1f%%)", k, n(v), 100.0 * v / total)
                : k + " " + n(v)));
        StringBuilder b = new StringBuilder();
        int lineStart = 0;
        for (String p : parts) {
            if (b.length() > lineStart && b.length() - lineStart + p.length() + 2 > WRAP - INDENT.length()) {
                b.append('\n').append(INDENT);
                lineStart = b.length();
            } else if (b.length() > lineStart) {
                b.append("  ");
            }
            b.append(p);
        }
        return b.toString();
    }

    private void wrap(String indent, String text) {
        String rest = text == null ? "(no reason recorded)" : text;
        while (rest.length() > WRAP - indent.length()) {
            int cut = rest.lastIndexOf(' ', WRAP - indent.length());
            if (cut <= 0) {
                break;
            }
            out.println(indent + rest.substring(0, cut));
            rest = rest.substring(cut + 1);
        }
        out.println(indent + rest);
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String ms(long v) {
        return n(v) + " ms";
    }
}

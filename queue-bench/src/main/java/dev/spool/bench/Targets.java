package dev.spool.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The targets, judged on the medians of this run; each verdict is a line of the report. */
final class Targets {
    private static final List<String> REDIS = List.of("redis-list", "redis-stream");

    private Targets() {
    }

    static void judge(Report report) {
        List<Figure> fs = report.figures();
        for (String b : REDIS) {
            double need = b.equals("redis-list") ? 0.30 : 0.25;
            List<String> parts = new ArrayList<>();
            double worst = Double.NaN; // every concurrency must reach it: the ceiling of c=64 is the 300,000/s
            for (Figure f : fs) {
                if (f.section().equals("drain") && f.subject().equals(b) && f.name().endsWith("first->last ack (warm)")
                        && f.ratio() != null) {
                    parts.add(f.name().substring(0, f.name().indexOf(' ')) + " " + pct(f.ratio().median()));
                    worst = Double.isNaN(worst) ? f.ratio().median() : Math.min(worst, f.ratio().median());
                }
            }
            verdict(report, "drain " + b + " >= " + pct(need) + " of the raw ceiling (warm), at every concurrency",
                    !Double.isNaN(worst), worst >= need, String.join(", ", parts));
        }
        for (String b : REDIS) {
            Optional<Figure> f = find(fs, "enqueue", b, "enqueueAll x1000");
            verdict(report, "enqueueAll x1000 on " + b + " >= 200,000 tasks/s", f.isPresent(),
                    f.isPresent() && f.get().value().median() >= 200_000,
                    f.map(x -> Report.number(x.value().median()) + " tasks/s").orElse(""));
        }
        for (String b : REDIS) {
            Optional<Figure> p50 = findPrefix(fs, "steady", b, "1000/s latency p50");
            Optional<Figure> p99 = findPrefix(fs, "steady", b, "1000/s latency p99");
            verdict(report, "at 1,000 tasks/s on " + b + ": p50 < 0.5 ms and p99 < 1 ms", p50.isPresent() && p99.isPresent(),
                    p50.isPresent() && p99.isPresent() && p50.get().value().median() < 0.5 && p99.get().value().median() < 1,
                    p50.map(x -> "p50 " + Report.number(x.value().median()) + " ms").orElse("") + ", "
                            + p99.map(x -> "p99 " + Report.number(x.value().median()) + " ms").orElse(""));
            Optional<Figure> half = fs.stream().filter(x -> x.section().equals("steady") && x.subject().equals(b)
                    && x.name().startsWith("half drain") && x.name().endsWith("latency p99")).findFirst();
            verdict(report, "at half the drain on " + b + ": p99 < 5 ms", half.isPresent(),
                    half.isPresent() && half.get().value().median() < 5,
                    half.map(x -> x.name() + " " + Report.number(x.value().median()) + " ms").orElse(""));
        }
        for (String b : REDIS) {
            Optional<Figure> m = fs.stream().filter(x -> x.section().equals("memory") && x.subject().equals(b)).findFirst();
            double limit = Tasks.PAYLOAD_BYTES + 150;
            verdict(report, "Redis memory on " + b + " <= payload + 150 = " + (int) limit + " bytes/task", m.isPresent(),
                    m.isPresent() && m.get().value().median() <= limit,
                    m.map(x -> Report.number(x.value().median()) + " bytes/task").orElse(""));
        }
        for (String b : List.of("redis-list", "redis-stream", "inmemory")) {
            List<Double> cpu = new ArrayList<>();
            List<String> parts = new ArrayList<>();
            for (Figure f : fs) {
                if (f.section().equals("drain") && f.subject().equals(b) && f.name().endsWith("worker CPU per task (warm)")) {
                    cpu.add(f.value().median());
                    parts.add(f.name().substring(0, f.name().indexOf(' ')) + " " + Report.number(f.value().median()) + " us");
                }
            }
            boolean falls = cpu.size() >= 2;
            for (int i = 1; i < cpu.size(); i++) {
                falls &= cpu.get(i) < cpu.get(i - 1);
            }
            verdict(report, "worker CPU per task on " + b + " falls as the fetch batch (concurrency) grows", cpu.size() >= 2,
                    falls, String.join(", ", parts));
        }
    }

    private static Optional<Figure> find(List<Figure> fs, String section, String subject, String name) {
        return fs.stream().filter(f -> f.section().equals(section) && f.subject().equals(subject) && f.name().equals(name))
                .findFirst();
    }

    private static Optional<Figure> findPrefix(List<Figure> fs, String section, String subject, String name) {
        return find(fs, section, subject, name);
    }

    private static void verdict(Report report, String target, boolean measured, boolean met, String figures) {
        report.verdict(String.format(Locale.ROOT, "%-8s %s: %s", !measured ? "n/a" : met ? "MET" : "MISSED", target,
                measured ? figures : "not measured in this run"));
    }

    private static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.0f %%", ratio * 100);
    }
}

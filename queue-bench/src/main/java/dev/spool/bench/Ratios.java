package dev.spool.bench;

import java.util.ArrayList;
import java.util.List;

/** Adds a Spool figure with its per-repetition ratio to the ceiling measured just before it (and the ceiling's own row). */
final class Ratios {
    private Ratios() {
    }

    /** Adds a redis-server CPU figure (us/task) with its ratio to the ceiling's, when the server's CPU is known. */
    static void server(Report report, String section, String backend, String name, List<Double> raw, List<Double> spool,
                              String versus) {
        if (!Bench.isList(backend) && !Bench.isStream(backend) || spool.isEmpty() || spool.stream().anyMatch(v -> v.isNaN())) {
            return;
        }
        if (raw.isEmpty() || raw.stream().anyMatch(v -> v.isNaN() || v <= 0)) {
            report.add(Figure.plain(section, backend, name, "us/task", Spread.of(spool)));
            return;
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < spool.size(); i++) {
            ratios.add(spool.get(i) / raw.get(i));
        }
        report.add(Figure.plain(section, Bench.rawName(backend), versus + " redis-server CPU per task", "us/task", Spread.of(raw)));
        report.add(new Figure(section, backend, name, "us/task", Spread.of(spool), Spread.of(ratios), versus));
    }

    static void add(Report report, String section, String backend, String name, String unit, List<Double> raw,
                    List<Double> spool, String versus) {
        add(report, section, backend, name, unit, raw, spool, versus, true);
    }

    static void add(Report report, String section, String backend, String name, String unit, List<Double> raw,
                    List<Double> spool, String versus, boolean withCeilingRow) {
        if (raw.isEmpty()) {
            report.add(Figure.plain(section, backend, name, unit, Spread.of(spool)));
            return;
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < spool.size(); i++) {
            ratios.add(spool.get(i) / raw.get(i));
        }
        if (withCeilingRow) {
            report.add(Figure.plain(section, Bench.rawName(backend), versus, unit, Spread.of(raw)));
        }
        report.add(new Figure(section, backend, name, unit, Spread.of(spool), Spread.of(ratios), versus));
    }
}

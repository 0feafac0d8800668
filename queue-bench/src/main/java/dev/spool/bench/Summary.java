package dev.spool.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The short form of a run: one row per figure, one column per backend, each cell the median with
 * its ratio to the ceiling in parentheses. Ceiling rows and the less telling figures (start-up time,
 * heap before GC, latency max) are left to the full table and the JSON.
 */
final class Summary {
    private Summary() {
    }

    static String markdown(List<Figure> figures, List<String> backends) {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (Figure f : figures) {
            if (!backends.contains(f.subject()) || skip(f.name())) {
                continue;
            }
            String name = f.section() + " " + f.name().replaceAll("half drain \\d+/s", "half drain");
            rows.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(f.subject(), cell(f));
            units.put(name, f.unit());
        }
        StringBuilder out = new StringBuilder("| figure | unit |");
        StringBuilder sep = new StringBuilder("|---|---|");
        for (String b : backends) {
            out.append(' ').append(b).append(" |");
            sep.append("---:|");
        }
        out.append('\n').append(sep).append('\n');
        for (Map.Entry<String, Map<String, String>> r : rows.entrySet()) {
            out.append("| ").append(r.getKey()).append(" | ").append(units.get(r.getKey())).append(" |");
            for (String b : backends) {
                out.append(' ').append(r.getValue().getOrDefault(b, "")).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static boolean skip(String name) {
        return name.contains("start-up") || name.contains("heap at end") || name.endsWith("latency max")
                || name.endsWith("worker CPU") || name.contains("commands per task");
    }

    private static String cell(Figure f) {
        String v = Report.number(f.value().median());
        if (f.ratio() != null) {
            v += String.format(Locale.ROOT, " (%.0f %%)", f.ratio().median() * 100);
        }
        return v;
    }

    static List<String> subjects(List<Figure> figures) {
        List<String> out = new ArrayList<>();
        for (Figure f : figures) {
            if (!f.subject().startsWith("raw-") && !out.contains(f.subject())) {
                out.add(f.subject());
            }
        }
        return out;
    }
}

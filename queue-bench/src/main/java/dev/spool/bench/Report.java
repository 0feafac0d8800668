package dev.spool.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one run: the figures in the order they were measured, the machine and the
 * settings. Prints them as a fixed-width table and writes the same as JSON.
 */
public final class Report {
    private final Map<String, String> context = new LinkedHashMap<>();
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> verdicts = new ArrayList<>();

    /** Records a fact about the run (machine, sizes, load). */
    public synchronized void context(String key, String value) {
        context.put(key, value);
    }

    /** Adds a figure. */
    public synchronized void add(Figure figure) {
        figures.add(figure);
    }

    /** Adds a line printed under the table (how something was measured, a warning). */
    public synchronized void note(String note) {
        notes.add(note);
    }

    /** Adds the verdict on one of the targets. */
    public synchronized void verdict(String line) {
        verdicts.add(line);
    }

    /** The figures so far. */
    public synchronized List<Figure> figures() {
        return List.copyOf(figures);
    }

    /** The table, as printed. */
    public synchronized String table() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : context.entrySet()) {
            out.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        String[] head = {"section", "subject", "figure", "median", "min", "max", "unit", "vs ceiling (median, min-max)"};
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        for (Figure f : figures) {
            rows.add(new String[] {f.section(), f.subject(), f.name(), number(f.value().median()),
                    number(f.value().min()), number(f.value().max()), f.unit(), ratio(f)});
        }
        int[] width = new int[head.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        out.append('\n');
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            StringBuilder line = new StringBuilder("| ");
            for (int i = 0; i < r.length; i++) {
                boolean right = i >= 3 && i <= 5;
                line.append(right ? pad(r[i], width[i], true) : pad(r[i], width[i], false)).append(" | ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (k == 0) {
                StringBuilder sep = new StringBuilder("|");
                for (int i = 0; i < width.length; i++) {
                    sep.append(i >= 3 && i <= 5 ? "-".repeat(width[i] + 1) + ":|" : "-".repeat(width[i] + 2) + "|");
                }
                out.append(sep).append('\n');
            }
        }
        if (!verdicts.isEmpty()) {
            out.append("\nTargets (medians of this run):\n");
            for (String v : verdicts) {
                out.append("  ").append(v).append('\n');
            }
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            for (String n : notes) {
                out.append("- ").append(n).append('\n');
            }
        }
        return out.toString();
    }

    /** The run as JSON: context, figures (with every field) and notes. */
    public synchronized String json() {
        JsonObject root = new JsonObject();
        JsonObject ctx = new JsonObject();
        context.forEach(ctx::addProperty);
        root.add("context", ctx);
        JsonArray list = new JsonArray();
        for (Figure f : figures) {
            JsonObject o = new JsonObject();
            o.addProperty("section", f.section());
            o.addProperty("subject", f.subject());
            o.addProperty("figure", f.name());
            o.addProperty("unit", f.unit());
            o.add("value", spread(f.value()));
            if (f.ratio() != null) {
                o.add("ratioToCeiling", spread(f.ratio()));
                o.addProperty("ceiling", f.versus());
            }
            list.add(o);
        }
        root.add("figures", list);
        JsonArray vs = new JsonArray();
        verdicts.forEach(vs::add);
        root.add("targets", vs);
        JsonArray ns = new JsonArray();
        notes.forEach(ns::add);
        root.add("notes", ns);
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(root);
    }

    /** A report read back from what {@link #json()} wrote (to print its table again). */
    public static Report fromJson(String json) {
        com.google.gson.JsonObject root = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
        Report r = new Report();
        root.getAsJsonObject("context").entrySet().forEach(e -> r.context(e.getKey(), e.getValue().getAsString()));
        for (var e : root.getAsJsonArray("figures")) {
            JsonObject o = e.getAsJsonObject();
            r.add(new Figure(o.get("section").getAsString(), o.get("subject").getAsString(), o.get("figure").getAsString(),
                    o.get("unit").getAsString(), spread(o.getAsJsonObject("value")),
                    o.has("ratioToCeiling") ? spread(o.getAsJsonObject("ratioToCeiling")) : null,
                    o.has("ceiling") ? o.get("ceiling").getAsString() : null));
        }
        root.getAsJsonArray("notes").forEach(v -> r.note(v.getAsString()));
        Targets.judge(r); // the verdicts come from the figures, never from the stored text
        return r;
    }

    private static Spread spread(JsonObject o) {
        return new Spread(o.get("median").getAsDouble(), o.get("min").getAsDouble(), o.get("max").getAsDouble(),
                o.get("repetitions").getAsInt());
    }

    /** Writes {@link #json()} to {@code file}. */
    public void writeJson(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, json() + "\n", StandardCharsets.UTF_8);
    }

    private static JsonObject spread(Spread s) {
        JsonObject o = new JsonObject();
        o.addProperty("median", s.median());
        o.addProperty("min", s.min());
        o.addProperty("max", s.max());
        o.addProperty("repetitions", s.n());
        return o;
    }

    private static String ratio(Figure f) {
        if (f.ratio() == null) {
            return "";
        }
        Spread r = f.ratio();
        return String.format(Locale.ROOT, "%.0f %% (%.0f-%.0f) of %s", r.median() * 100, r.min() * 100,
                r.max() * 100, f.versus());
    }

    /** A number for the table: grouped thousands for large values, 3 significant digits for small ones. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(w - s.length());
        return right ? fill + s : s + fill;
    }
}

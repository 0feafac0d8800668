package dev.spool.worker.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Prints tables for people and JSON for scripts. */
final class Out {
    static final Gson JSON = new GsonBuilder().disableHtmlEscaping().serializeNulls()
            .registerTypeAdapter(Instant.class, (JsonSerializer<Instant>) (v, t, c) -> new JsonPrimitive(v.toString()))
            .registerTypeAdapter(Duration.class, (JsonSerializer<Duration>) (v, t, c) -> new JsonPrimitive(v.toString()))
            .create();

    private Out() {
    }

    /** Writes {@code value} as one line of JSON. */
    static void json(PrintWriter out, Object value) {
        out.println(JSON.toJson(value));
        out.flush();
    }

    /** Writes rows under a header, columns padded to their widest cell. */
    static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] width = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], String.valueOf(row.get(i)).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = String.valueOf(row.get(i));
                line.append(cell);
                if (i < row.size() - 1) {
                    line.append(" ".repeat(width[i] - cell.length() + 2));
                }
            }
            out.println(line);
        }
        out.flush();
    }
}

package dev.spool.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bad-input table: every row a test checks is printed (to the test's output) and appended, as a
 * markdown line, to {@code target/bad-input-table.md} (system property {@code spool.table}), so the
 * README can quote the exact messages a user sees.
 */
final class BadInputTable {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static int rows;

    private BadInputTable() {
    }

    /**
     * Records one row.
     *
     * @param where   where the user meets it: {@code Java API redis-list}, {@code spool enqueue}, {@code worker redis-stream} ...
     * @param input   the bad input
     * @param outcome what happened: {@code InvalidTaskException}, {@code exit 2}, {@code dead letter} ...
     * @param message the exact text the user sees
     */
    static synchronized void record(String where, String input, String outcome, String message) {
        rows++;
        String line = "| " + rows + " | " + cell(input) + " | " + cell(where) + " | " + cell(outcome) + " | `"
                + cell(message).replace("`", "'") + "` |";
        System.out.println("BAD-INPUT " + line);
        Path file = Path.of(System.getProperty("spool.table", "target/bad-input-table.md"));
        try {
            if (STARTED.compareAndSet(false, true)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, "| # | bad input | where | outcome | what the user sees |\n|---|---|---|---|---|\n",
                        StandardCharsets.UTF_8);
            }
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many rows were recorded in this JVM. */
    static synchronized int rows() {
        return rows;
    }

    private static String cell(String s) {
        String one = s == null ? "(none)" : s.strip().replace("\r", "").replace("\n", " ⏎ ").replace("|", "\\|");
        return one.length() > 400 ? one.substring(0, 400) + "…" : one;
    }
}

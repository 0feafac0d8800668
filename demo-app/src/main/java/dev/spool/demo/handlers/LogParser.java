package dev.spool.demo.handlers;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a log in {@link LogGenerator}'s format and counts what is in it. A line that does not
 * start with a timestamp continues the previous entry (a stack trace); a request line carries a
 * method, a path, a status code and a latency; an ERROR line may carry {@code error="…"}, whose
 * numbers are replaced by {@code #} so that "order 123 failed" and "order 456 failed" count as
 * one message.
 */
public final class LogParser {
    private static final Pattern ENTRY = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z\\s+([A-Z]+)\\s+(\\S+)\\s+(.*)$");
    private static final Pattern REQUEST = Pattern.compile(
            "^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\\s+(\\S+)\\s+(\\d{3})\\s+(\\d+)ms\\b.*$");
    private static final Pattern ERROR = Pattern.compile("error=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final Map<String, Long> levels = new HashMap<>();
    private final Map<String, Long> statuses = new HashMap<>();
    private final Map<String, Long> errors = new HashMap<>();
    private final Map<Integer, Long> latencies = new HashMap<>();
    private long lines;
    private long continuation;
    private long requests;

    private LogParser() {
    }

    /**
     * The statistics of {@code file}.
     *
     * @param cancelled polled every few thousand lines; parsing stops with a
     *                  {@link CancellationException} when it turns true
     */
    public static LogStats parse(Path file, BooleanSupplier cancelled) throws IOException {
        LogParser parser = new LogParser();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (parser.lines % 4096 == 0 && cancelled.getAsBoolean()) {
                    throw new CancellationException("parsing " + file + " cancelled");
                }
                parser.accept(line);
            }
        }
        return parser.result(file.getFileName().toString());
    }

    /** The statistics of {@code text}, reported under the name {@code name}. */
    public static LogStats parse(String name, String text) {
        LogParser parser = new LogParser();
        text.lines().forEach(parser::accept);
        return parser.result(name);
    }

    private void accept(String line) {
        lines++;
        Matcher entry = ENTRY.matcher(line);
        if (!entry.matches()) {
            continuation++;
            return;
        }
        String level = entry.group(1);
        levels.merge(level, 1L, Long::sum);
        String rest = entry.group(3);
        Matcher request = REQUEST.matcher(rest);
        if (request.matches()) {
            requests++;
            statuses.merge(request.group(3), 1L, Long::sum);
            long ms = Long.parseLong(request.group(4));
            latencies.merge((int) Math.min(ms, Integer.MAX_VALUE), 1L, Long::sum);
        }
        if (level.equals("ERROR")) {
            Matcher error = ERROR.matcher(rest);
            String message = error.find() ? error.group(1) : rest;
            errors.merge(NUMBER.matcher(message).replaceAll("#"), 1L, Long::sum);
        }
    }

    private LogStats result(String name) {
        return new LogStats(name, 1, lines, continuation, requests, levels, statuses, errors, null, latencies);
    }
}

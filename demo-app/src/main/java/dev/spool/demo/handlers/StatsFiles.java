package dev.spool.demo.handlers;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.spool.api.PayloadCodec;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where parse results live: {@code <log file>.stats.json} next to each log file. A file on disk
 * is reachable from every worker that shares the directory, in one process or many, so the
 * summary reads the same results however the tasks were spread. Written atomically (a temporary
 * file, then a rename), so a reader sees a whole result or none, and a task run twice just
 * writes the same result again.
 */
public final class StatsFiles {
    /** The suffix of a result file. */
    public static final String SUFFIX = ".stats.json";
    private static final Gson GSON = PayloadCodec.gson().newBuilder().setPrettyPrinting().create();

    private StatsFiles() {
    }

    /** The result file of {@code logFile}. */
    public static Path pathFor(Path logFile) {
        return logFile.resolveSibling(logFile.getFileName() + SUFFIX);
    }

    /** Writes {@code stats} as the result of {@code logFile}, replacing any earlier one; returns its path. */
    public static Path write(Path logFile, LogStats stats) throws IOException {
        Path target = pathFor(logFile);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, GSON.toJson(stats) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Reads one result file. */
    public static LogStats read(Path statsFile) throws IOException {
        try (Reader in = Files.newBufferedReader(statsFile, StandardCharsets.UTF_8)) {
            LogStats stats = GSON.fromJson(in, LogStats.class);
            if (stats == null) {
                throw new IOException(statsFile + " is empty; delete it and parse the log again");
            }
            return stats;
        } catch (JsonParseException e) {
            throw new IOException(statsFile + " is not a statistics file (" + e.getMessage()
                    + "); delete it and parse the log again", e);
        }
    }

    /** Every result file in {@code dir}, sorted by name. */
    public static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            files.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    /** Every result in {@code dir}, sorted by file name. */
    public static List<LogStats> readAll(Path dir) throws IOException {
        List<LogStats> out = new ArrayList<>();
        for (Path p : list(dir)) {
            out.add(read(p));
        }
        return out;
    }

    /** {@code value} as indented JSON, the way result files are written. */
    public static String toJson(Object value) {
        return GSON.toJson(value);
    }
}

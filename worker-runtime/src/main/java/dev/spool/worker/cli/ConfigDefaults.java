package dev.spool.worker.cli;

import dev.spool.api.SpoolException;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where an option's value comes from when it is not on the command line: the precedence is
 * <b>flag &gt; environment variable &gt; properties file &gt; built-in default</b>.
 * <ul>
 *   <li>The environment variable of option {@code --some-name} is {@code SPOOL_SOME_NAME}
 *       ({@code --redis} reads {@code SPOOL_REDIS_URL}; the {@code --queue} of the inspection and
 *       administration commands reads {@code SPOOL_ADMIN_QUEUE}, so that the {@code SPOOL_QUEUE} meant
 *       for enqueue never makes {@code purge} pick a queue by itself).</li>
 *   <li>The properties file is {@code --config <file>} (or {@code SPOOL_CONFIG}), else
 *       {@code ./spool.properties} when it exists; its keys are the long option names without
 *       dashes: {@code redis=redis://…}, {@code queues=critical,default}, {@code metrics-port=9400}.</li>
 *   <li>Built-in defaults are the {@link Defaults} table.</li>
 * </ul>
 */
final class ConfigDefaults implements IDefaultValueProvider {
    private final Map<String, String> env;
    private final Properties file;
    private final String fileName;

    private ConfigDefaults(Map<String, String> env, Properties file, String fileName) {
        this.env = env;
        this.file = file;
        this.fileName = fileName;
    }

    /** Reads the properties file named by {@code --config} in {@code args}, {@code SPOOL_CONFIG}, or ./spool.properties. */
    static ConfigDefaults load(String[] args, Map<String, String> env) {
        String named = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                named = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                named = args[i].substring("--config=".length());
            }
        }
        if (named == null) {
            named = env.get("SPOOL_CONFIG");
        }
        Path path = named != null ? Path.of(named) : Path.of("spool.properties");
        Properties props = new Properties();
        if (Files.isRegularFile(path)) {
            try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                props.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageException("cannot read config file " + path.toAbsolutePath() + ": " + e.getMessage());
            }
        } else if (named != null) {
            throw new UsageException("config file " + path.toAbsolutePath() + " does not exist; fix --config / SPOOL_CONFIG");
        }
        return new ConfigDefaults(env, props, path.toString());
    }

    /** The environment variable read for option {@code longName} (without dashes). */
    static String envName(String longName) {
        return longName.equals("redis") ? "SPOOL_REDIS_URL" : "SPOOL_" + longName.toUpperCase().replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String name = option.descriptionKey() != null && !option.descriptionKey().isEmpty()
                ? option.descriptionKey() : option.longestName().replaceFirst("^-+", "");
        if (name.equals("config") || name.equals("help")) {
            return null;
        }
        String v = env.get(envName(name));
        if (v != null && !v.isBlank()) {
            return v;
        }
        v = file.getProperty(name);
        if (v != null && !v.isBlank()) {
            return v.trim();
        }
        return Defaults.of(name);
    }

    /** The config file in use (it may not exist). */
    String fileName() {
        return fileName;
    }

    /** A bad command line, environment or config file: exit code 2. */
    static final class UsageException extends SpoolException {
        UsageException(String message) {
            super(message);
        }
    }
}

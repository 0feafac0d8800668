package dev.spool.testkit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code redis-server} executable this machine can run, found once per JVM.
 *
 * <p>Where it comes from, first match wins:
 * <ol>
 *   <li>the environment variable {@code SPOOL_REDIS_SERVER}: the path of a binary to use, no questions asked
 *       (it must still answer {@code --version});</li>
 *   <li>{@code redis-server} on the {@code PATH}, if it answers {@code --version};</li>
 *   <li>the binary for this OS and CPU shipped inside the {@code com.github.codemonstur:embedded-redis} JAR
 *       (Redis 6.2.11 on linux-amd64), extracted once into {@code <java.io.tmpdir>/spool-redis-<user>/bin}
 *       and made executable.</li>
 * </ol>
 *
 * @param path    the executable
 * @param version the server version it reports, e.g. {@code 6.2.11}
 * @param source  where it was found, for messages: {@code SPOOL_REDIS_SERVER}, {@code PATH} or {@code embedded-redis JAR}
 */
public record RedisBinary(Path path, String version, String source) {

    /** Name of the environment variable that forces a {@code redis-server} binary. */
    public static final String ENV_SERVER = "SPOOL_REDIS_SERVER";

    private static final Pattern VERSION = Pattern.compile("v=(\\d+(?:\\.\\d+)*)");
    private static volatile RedisBinary found;

    /** Validates the fields. */
    public RedisBinary {
        if (path == null || version == null || source == null) {
            throw new IllegalArgumentException("RedisBinary needs a path, a version and a source");
        }
    }

    /**
     * The binary to use in this JVM (located on the first call, then cached).
     *
     * @throws IllegalStateException naming every place looked at, when none works
     */
    public static RedisBinary find() {
        RedisBinary b = found;
        if (b == null) {
            synchronized (RedisBinary.class) {
                b = found;
                if (b == null) {
                    b = locate();
                    found = b;
                }
            }
        }
        return b;
    }

    /** The major version, e.g. {@code 6} for {@code 6.2.11}. */
    public int major() {
        return Integer.parseInt(version.split("\\.")[0]);
    }

    /** True when this server's version is at least {@code minimum} (e.g. {@code "7.0"}). */
    public boolean atLeast(String minimum) {
        return compareVersions(version, minimum) >= 0;
    }

    /** Compares dotted versions numerically ({@code "6.2.11"} &gt; {@code "6.2.6"}); missing parts count as 0. */
    public static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? parseOrZero(x[i]) : 0;
            int q = i < y.length ? parseOrZero(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static int parseOrZero(String s) {
        try {
            return Integer.parseInt(s.replaceAll("\\D.*$", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static RedisBinary locate() {
        String forced = System.getenv(ENV_SERVER);
        if (forced != null && !forced.isBlank()) {
            Path p = Path.of(forced.trim());
            return probe(p, ENV_SERVER).orElseThrow(() -> new IllegalStateException(
                    ENV_SERVER + "=" + p + " does not run '" + p + " --version'; point it at an executable redis-server or unset it"));
        }
        Optional<RedisBinary> onPath = fromPath();
        if (onPath.isPresent()) {
            return onPath.get();
        }
        String resource = embeddedResourceName();
        Path extracted = extract(resource);
        return probe(extracted, "embedded-redis JAR").orElseThrow(() -> new IllegalStateException(
                "the redis-server extracted from the embedded-redis JAR (" + resource + " -> " + extracted
                        + ") does not run '--version'; install redis-server on the PATH or set " + ENV_SERVER));
    }

    private static Optional<RedisBinary> fromPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        String exe = isWindows() ? "redis-server.exe" : "redis-server";
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, exe);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                Optional<RedisBinary> b = probe(candidate, "PATH");
                if (b.isPresent()) {
                    return b;
                }
            }
        }
        return Optional.empty();
    }

    /** Runs {@code binary --version} (5 s at most) and reads the version from its answer. */
    static Optional<RedisBinary> probe(Path binary, String source) {
        if (!Files.isRegularFile(binary)) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(4096);
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String text = new String(out, StandardCharsets.UTF_8);
            Matcher m = VERSION.matcher(text);
            if (p.exitValue() != 0 || !m.find()) {
                return Optional.empty();
            }
            return Optional.of(new RedisBinary(binary.toAbsolutePath(), m.group(1), source));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The embedded-redis JAR's resource for this OS and CPU. */
    static String embeddedResourceName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("aarch64") || arch.startsWith("arm64");
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean x86 = arch.equals("x86") || arch.matches("i[3-6]86");
        if (os.contains("linux")) {
            if (x64) {
                return "redis-server-6.2.6-v5-linux-amd64";
            }
            if (arm) {
                return "redis-server-6.2.7-linux-arm64";
            }
            if (x86) {
                return "redis-server-6.2.7-linux-386";
            }
        } else if (os.contains("mac") || os.contains("darwin")) {
            return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        } else if (os.contains("windows") && (x64 || x86)) {
            return "redis-server-5.0.14.1-windows-amd64.exe";
        }
        throw new IllegalStateException("no embedded redis-server for os.name=" + os + " os.arch=" + arch
                + "; install redis-server on the PATH or set " + ENV_SERVER + " to a redis-server binary");
    }

    /** Copies the resource into the per-user cache once (a temp file, then an atomic rename) and makes it executable. */
    private static Path extract(String resource) {
        ClassLoader loader = RedisBinary.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is not on the classpath: add the dependency "
                        + "com.github.codemonstur:embedded-redis:1.4.3, install redis-server on the PATH, or set " + ENV_SERVER);
            }
            Path dir = Files.createDirectories(ProcessJanitor.baseDir().resolve("bin"));
            Path target = dir.resolve(resource);
            byte[] bytes = in.readAllBytes();
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length && Files.isExecutable(target)) {
                return target;
            }
            Path tmp = Files.createTempFile(dir, resource, ".part");
            Files.write(tmp, bytes);
            if (!tmp.toFile().setExecutable(true, false)) {
                throw new IOException("cannot make " + tmp + " executable");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract " + resource + " from the embedded-redis JAR: " + e.getMessage(), e);
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("windows");
    }
}

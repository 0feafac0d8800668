package dev.spool.testkit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
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
 *   <li>a version asked for with the system property {@code spool.redis.version} or the environment variable
 *       {@code SPOOL_REDIS_VERSION} ({@code 6.2} or {@code 7.0}; the build sets the property): the binary of that
 *       version shipped in a JAR on the classpath, whatever is on the {@code PATH};</li>
 *   <li>{@code redis-server} on the {@code PATH}, if it answers {@code --version};</li>
 *   <li>the embedded Redis 7.0.</li>
 * </ol>
 * The embedded binaries: Redis 6.2 from {@code com.github.codemonstur:embedded-redis}, Redis 7.0.15 from
 * {@code org.signal:embedded-redis}, each extracted once into {@code <java.io.tmpdir>/spool-redis-<user>/bin} and
 * made executable.
 *
 * @param path    the executable
 * @param version the server version it reports, e.g. {@code 6.2.11}
 * @param source  where it was found, for messages: {@code SPOOL_REDIS_SERVER}, {@code PATH} or {@code embedded Redis 7.0 JAR}
 */
public record RedisBinary(Path path, String version, String source) {

    /** Name of the environment variable that forces a {@code redis-server} binary. */
    public static final String ENV_SERVER = "SPOOL_REDIS_SERVER";
    /** Name of the system property that picks an embedded Redis version ({@code 6.2} or {@code 7.0}). */
    public static final String PROPERTY_VERSION = "spool.redis.version";
    /** Name of the environment variable that picks an embedded Redis version when the property is not set. */
    public static final String ENV_VERSION = "SPOOL_REDIS_VERSION";
    /** The embedded versions this class can run. */
    public static final List<String> EMBEDDED_VERSIONS = List.of("6.2", "7.0");

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
     * @throws IllegalStateException naming every place looked at, when none works, or a version that is not shipped
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
        Optional<String> requested = requestedVersion();
        if (requested.isPresent()) {
            return embedded(requested.get());
        }
        return fromPath().orElseGet(() -> embedded("7.0"));
    }

    /**
     * The embedded version asked for by {@value #PROPERTY_VERSION} or {@value #ENV_VERSION}, if any.
     *
     * @throws IllegalStateException when the value is not one of {@link #EMBEDDED_VERSIONS}
     */
    public static Optional<String> requestedVersion() {
        String v = System.getProperty(PROPERTY_VERSION);
        String from = PROPERTY_VERSION;
        if (v == null || v.isBlank()) {
            v = System.getenv(ENV_VERSION);
            from = ENV_VERSION;
        }
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        String version = v.trim();
        if (!EMBEDDED_VERSIONS.contains(version)) {
            throw new IllegalStateException(from + "=" + version + " is not a Redis version shipped with the tests; use one of "
                    + EMBEDDED_VERSIONS + ", or set " + ENV_SERVER + " to any redis-server binary");
        }
        return Optional.of(version);
    }

    private static RedisBinary embedded(String version) {
        String resource = embeddedResourceName(version);
        Path extracted = extract(resource);
        String source = "embedded Redis " + version + " JAR";
        return probe(extracted, source).orElseThrow(() -> new IllegalStateException(
                "the redis-server extracted from the " + source + " (" + resource + " -> " + extracted
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

    /** The resource of the embedded Redis {@code version} for this OS and CPU. */
    static String embeddedResourceName(String version) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("aarch64") || arch.startsWith("arm64");
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean x86 = arch.equals("x86") || arch.matches("i[3-6]86");
        boolean linux = os.contains("linux");
        boolean mac = os.contains("mac") || os.contains("darwin");
        String platform = linux && x64 ? "linux-amd64" : linux && arm ? "linux-arm64" : linux && x86 ? "linux-386"
                : mac ? (arm ? "darwin-arm64" : "darwin-amd64") : null;
        if (platform != null && version.equals("7.0")) {
            return "redis-server-7.0.15-" + platform; // org.signal:embedded-redis 0.9.1
        }
        if (platform != null && version.equals("6.2")) { // com.github.codemonstur:embedded-redis 1.4.3
            return platform.startsWith("linux-") && !x64 ? "redis-server-6.2.7-" + platform : "redis-server-6.2.6-v5-" + platform;
        }
        throw new IllegalStateException("no embedded Redis " + version + " for os.name=" + os + " os.arch=" + arch
                + "; install redis-server on the PATH or set " + ENV_SERVER + " to a redis-server binary");
    }

    /** Copies the resource into the per-user cache once (a temp file, then an atomic rename) and makes it executable. */
    private static Path extract(String resource) {
        ClassLoader loader = RedisBinary.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is not on the classpath: add the dependency "
                        + "com.github.codemonstur:embedded-redis:1.4.3 (Redis 6.2) or org.signal:embedded-redis:0.9.1 (Redis 7.0), "
                        + "install redis-server on the PATH, or set " + ENV_SERVER);
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

package dev.spool.testkit.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Redis container through Testcontainers, used only when a Docker engine really answers.
 *
 * <ol>
 *   <li>{@code SPOOL_TEST_REDIS_DOCKER=never} (or {@code false}, {@code no}, {@code 0}) turns Docker off.</li>
 *   <li>Without {@code DOCKER_HOST}, a known Docker/Podman socket or a {@code ~/.testcontainers.properties},
 *       there is no engine to ask: answered at once, Testcontainers is not even loaded.</li>
 *   <li>Otherwise Testcontainers is asked, on a daemon thread, for at most 5 s; any failure means "no".</li>
 *   <li>A container that fails to start is logged and the caller falls back to a local redis-server.</li>
 * </ol>
 */
final class DockerRedis {

    static final String ENV_DOCKER = "SPOOL_TEST_REDIS_DOCKER";
    static final String ENV_IMAGE = "SPOOL_TEST_REDIS_IMAGE";
    private static final System.Logger LOG = System.getLogger(DockerRedis.class.getName());

    private DockerRedis() {
    }

    /** A started {@code redis:7} container (or {@code SPOOL_TEST_REDIS_IMAGE}), or empty when Docker is unusable. */
    static Optional<Endpoint> tryStart() {
        if (!engineAnswers()) {
            return Optional.empty();
        }
        String image = Optional.ofNullable(System.getenv(ENV_IMAGE)).filter(s -> !s.isBlank()).orElse("redis:7");
        try {
            GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image)).withExposedPorts(6379);
            c.start();
            String host = c.getHost();
            int port = c.getMappedPort(6379);
            return Optional.of(new Endpoint("redis://" + host + ":" + port, host, port,
                    "Docker container " + image + " (" + c.getContainerId() + ")", null, c::stop));
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "Docker answers but container " + image + " did not start ("
                    + e + "); falling back to a local redis-server");
            return Optional.empty();
        }
    }

    /** True only if a Docker engine answered within 5 s. */
    static boolean engineAnswers() {
        String setting = Optional.ofNullable(System.getenv(ENV_DOCKER)).orElse("auto").trim().toLowerCase(Locale.ROOT);
        if (List.of("never", "false", "no", "0", "off").contains(setting)) {
            return false;
        }
        if (!setting.equals("always") && !anyEngineHint()) {
            return false;
        }
        CompletableFuture<Boolean> probe = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                probe.complete(DockerClientFactory.instance().isDockerAvailable());
            } catch (Throwable e) {
                probe.complete(false);
            }
        }, "spool-docker-probe");
        t.setDaemon(true);
        t.start();
        try {
            return probe.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.INFO, "no answer from Docker within 5 s; using a local redis-server");
            return false;
        }
    }

    /** Is there anything that could be a Docker engine? Cheap file and env checks only. */
    static boolean anyEngineHint() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        String home = System.getProperty("user.home", "");
        List<Path> candidates = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of("/run/docker.sock"),
                Path.of(home, ".docker", "run", "docker.sock"),
                Path.of(home, ".docker", "desktop", "docker.sock"),
                Path.of(home, ".rd", "docker.sock"),
                Path.of(home, ".colima", "default", "docker.sock"),
                Path.of(home, ".testcontainers.properties")));
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null) {
            candidates.add(Path.of(xdg, "docker.sock"));
            candidates.add(Path.of(xdg, "podman", "podman.sock"));
        }
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("windows")) {
            return true; // named pipes cannot be checked as files; let Testcontainers (bounded by the timeout) decide
        }
        return candidates.stream().anyMatch(Files::exists);
    }
}

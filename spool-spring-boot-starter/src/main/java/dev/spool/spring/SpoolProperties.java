package dev.spool.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code spool.*} properties. The names follow the {@code spool worker} command line's options
 * ({@code --backend}, {@code --redis}, {@code --backend-option}, {@code --queues}, {@code --lease} ...);
 * the defaults are the command line's, and durations are written as Spring Boot reads them
 * ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}). Two are enough for a worker:
 *
 * <pre>
 * spool.redis.url=redis://127.0.0.1:6379
 * spool.worker.enabled=true
 * </pre>
 */
@ConfigurationProperties("spool")
public class SpoolProperties {

    /**
     * The backend, by its short name: redis-list (lists and Lua scripts through Jedis, brought by the starter),
     * redis-stream (Streams through Redisson: add dev.spool:queue-redis-stream) or inmemory (one JVM, for tests).
     */
    private String backend = "redis-list";

    /**
     * Backend-specific options, as the adapter's README names them (for example
     * spool.backend-options.namespace=billing, spool.backend-options.[replicas.wait]=1).
     */
    private Map<String, String> backendOptions = new LinkedHashMap<>();

    private final Redis redis = new Redis();

    private final Worker worker = new Worker();

    private final Dashboard dashboard = new Dashboard();

    /** The backend's short name. */
    public String getBackend() {
        return backend;
    }

    /** Sets the backend's short name. */
    public void setBackend(String backend) {
        this.backend = backend;
    }

    /** The backend-specific options. */
    public Map<String, String> getBackendOptions() {
        return backendOptions;
    }

    /** Sets the backend-specific options. */
    public void setBackendOptions(Map<String, String> backendOptions) {
        this.backendOptions = backendOptions;
    }

    /** Where Redis is. */
    public Redis getRedis() {
        return redis;
    }

    /** The worker's settings. */
    public Worker getWorker() {
        return worker;
    }

    /** The dashboard's settings. */
    public Dashboard getDashboard() {
        return dashboard;
    }

    /** {@code spool.redis.*}: where Redis is. */
    public static class Redis {
        /**
         * redis://[user:password@]host:port[/db], rediss:// for TLS, or a comma-separated seed list for a Redis
         * Cluster (inmemory://name for the inmemory backend). Unset: built from the application's
         * spring.data.redis.* settings when it has any (url, or host, port, username, password, database,
         * ssl.enabled, cluster.nodes), else redis://127.0.0.1:6379.
         */
        private String url;

        /** The Redis URL, or null to use spring.data.redis.*. */
        public String getUrl() {
            return url;
        }

        /** Sets the Redis URL. */
        public void setUrl(String url) {
            this.url = url;
        }
    }

    /** {@code spool.worker.*}: the worker that runs in the application when enabled. */
    public static class Worker {
        /**
         * Whether a worker runs in this application: started with it (after every other bean) and stopped with
         * it gracefully. Off, the application only produces.
         */
        private boolean enabled = false;

        /**
         * Queues to serve. Plain names are served in strict order (a later queue only while the earlier ones are
         * empty); name=weight entries (critical=6,default=3) in a weighted random order.
         */
        private List<String> queues = new ArrayList<>(List.of("default"));

        /** Handlers run at once (threads). */
        private int concurrency = 10;

        /**
         * Tasks fetched ahead of a free handler thread (their leases renewed while they wait). Unset: as many as
         * the concurrency.
         */
        private Integer prefetch;

        /**
         * Lease of a fetched task, renewed every third of it while the task is held; also the broker's default
         * lease.
         */
        private Duration lease = Duration.ofSeconds(30);

        /**
         * How long running tasks may finish when the application stops; then they are interrupted and handed
         * back. The stop waits at most this long plus 5s for the backend.
         */
        private Duration grace = Duration.ofSeconds(25);

        /** Timeout of a task that sets none. */
        private Duration taskTimeout = Duration.ofMinutes(30);

        /** Heartbeat interval in the worker registry. */
        private Duration heartbeat = Duration.ofSeconds(5);

        /**
         * Whether this worker fires the due recurring tasks (Broker.schedules()). Each tick fires once however
         * many workers fire them.
         */
        private boolean fireSchedules = true;

        /**
         * The health indicator reports DOWN once a fetch or the heartbeat has failed without a success for this
         * long (Redis unreachable, credentials refused).
         */
        private Duration unhealthyAfter = Duration.ofSeconds(30);

        private final Retry retry = new Retry();

        /** Whether a worker runs in this application. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether a worker runs in this application. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The queues to serve. */
        public List<String> getQueues() {
            return queues;
        }

        /** Sets the queues to serve. */
        public void setQueues(List<String> queues) {
            this.queues = queues;
        }

        /** Handlers run at once. */
        public int getConcurrency() {
            return concurrency;
        }

        /** Sets how many handlers run at once. */
        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        /** Tasks fetched ahead, or null for as many as the concurrency. */
        public Integer getPrefetch() {
            return prefetch;
        }

        /** Sets how many tasks are fetched ahead. */
        public void setPrefetch(Integer prefetch) {
            this.prefetch = prefetch;
        }

        /** The lease of a fetched task. */
        public Duration getLease() {
            return lease;
        }

        /** Sets the lease of a fetched task. */
        public void setLease(Duration lease) {
            this.lease = lease;
        }

        /** How long running tasks may finish on stop. */
        public Duration getGrace() {
            return grace;
        }

        /** Sets how long running tasks may finish on stop. */
        public void setGrace(Duration grace) {
            this.grace = grace;
        }

        /** The timeout of a task that sets none. */
        public Duration getTaskTimeout() {
            return taskTimeout;
        }

        /** Sets the timeout of a task that sets none. */
        public void setTaskTimeout(Duration taskTimeout) {
            this.taskTimeout = taskTimeout;
        }

        /** The heartbeat interval. */
        public Duration getHeartbeat() {
            return heartbeat;
        }

        /** Sets the heartbeat interval. */
        public void setHeartbeat(Duration heartbeat) {
            this.heartbeat = heartbeat;
        }

        /** Whether this worker fires the due recurring tasks. */
        public boolean isFireSchedules() {
            return fireSchedules;
        }

        /** Sets whether this worker fires the due recurring tasks. */
        public void setFireSchedules(boolean fireSchedules) {
            this.fireSchedules = fireSchedules;
        }

        /** How long backend calls may fail before the health indicator reports DOWN. */
        public Duration getUnhealthyAfter() {
            return unhealthyAfter;
        }

        /** Sets how long backend calls may fail before the health indicator reports DOWN. */
        public void setUnhealthyAfter(Duration unhealthyAfter) {
            this.unhealthyAfter = unhealthyAfter;
        }

        /** The retry policy's settings. */
        public Retry getRetry() {
            return retry;
        }
    }

    /** {@code spool.worker.retry.*}: the worker's retry policy (exponential backoff with ±20 % jitter). */
    public static class Retry {
        /** First retry delay, doubled per attempt. */
        private Duration delay = Duration.ofSeconds(1);

        /** Longest retry delay. */
        private Duration maxDelay = Duration.ofHours(1);

        /** Attempts of a task that keeps the default maxAttempts (this can lower it, not raise it). */
        private int maxAttempts = 10;

        /** The first retry delay. */
        public Duration getDelay() {
            return delay;
        }

        /** Sets the first retry delay. */
        public void setDelay(Duration delay) {
            this.delay = delay;
        }

        /** The longest retry delay. */
        public Duration getMaxDelay() {
            return maxDelay;
        }

        /** Sets the longest retry delay. */
        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }

        /** Attempts of a task that keeps the default maxAttempts. */
        public int getMaxAttempts() {
            return maxAttempts;
        }

        /** Sets the attempts of a task that keeps the default maxAttempts. */
        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }
    }

    /**
     * {@code spool.dashboard.*}: the dashboard (dev.spool:spool-dashboard) served by the application's own web
     * server. Without a username and password or a token it has no authentication of its own, and the
     * application's security must guard its path.
     */
    public static class Dashboard {
        /**
         * Whether the dashboard is served at spool.dashboard.path, when the application has dev.spool:spool-dashboard
         * and is a servlet web application. Off, nothing is exposed.
         */
        private boolean enabled = false;

        /**
         * The path the dashboard is served under (its pages, and its JSON API under path/api), relative to the
         * application's context path: it starts with '/', and neither ends with '/' nor is '/' itself.
         */
        private String path = "/spool";

        /** Whether the dashboard only shows: every action (pause, requeue, cancel, delete ...) is refused with 403. */
        private boolean readOnly = false;

        /**
         * The user of the dashboard's own HTTP basic authentication, with spool.dashboard.password. Unset, with no
         * token either, the dashboard has no authentication of its own: guard its path with the application's
         * security.
         */
        private String username;

        /** The password of the dashboard's own HTTP basic authentication, with spool.dashboard.username. */
        private String password;

        /**
         * A token the dashboard requires in the header "Authorization: Bearer TOKEN", instead of a username and
         * password: for scripts and API clients.
         */
        private String token;

        /** Whether the dashboard is served. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether the dashboard is served. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The path the dashboard is served under. */
        public String getPath() {
            return path;
        }

        /** Sets the path the dashboard is served under. */
        public void setPath(String path) {
            this.path = path;
        }

        /** Whether the dashboard refuses every action. */
        public boolean isReadOnly() {
            return readOnly;
        }

        /** Sets whether the dashboard refuses every action. */
        public void setReadOnly(boolean readOnly) {
            this.readOnly = readOnly;
        }

        /** The basic-authentication user, or null. */
        public String getUsername() {
            return username;
        }

        /** Sets the basic-authentication user. */
        public void setUsername(String username) {
            this.username = username;
        }

        /** The basic-authentication password, or null. */
        public String getPassword() {
            return password;
        }

        /** Sets the basic-authentication password. */
        public void setPassword(String password) {
            this.password = password;
        }

        /** The bearer token, or null. */
        public String getToken() {
            return token;
        }

        /** Sets the bearer token. */
        public void setToken(String token) {
            this.token = token;
        }
    }
}

package dev.spool.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.spool.api.Broker;
import dev.spool.dashboard.DashboardAuth;
import dev.spool.dashboard.DashboardServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The drain of one backend and concurrency once more with the dashboard open on it ({@code --dashboard}),
 * right after the plain drain of each repetition so that both see the same machine: a dashboard in the bench's
 * process, on the same Redis, and {@link #VIEWERS} pages open on it, each asking what an open queue page asks
 * at the pages' own refresh rate (every {@link #REFRESH}): the overview, then for every queue its figures and the
 * first page of its ready and running tasks, and its last hour of history every fifth time. Reports the warm
 * drain, the worker's and redis-server's CPU per task as ratios to the plain drain's, and the dashboard requests
 * served. On a machine whose cores the drain already fills, the dashboard's own CPU (here, in the bench's
 * process) shows in the drain too; redis-server's CPU per task is the cost it puts on what the workers share.
 */
final class WatchedDrain {
    static final String VERSUS = "the same drain with no dashboard open";
    static final int VIEWERS = 5;
    static final Duration REFRESH = Duration.ofSeconds(2);
    /** The tasks a queue page lists at once (views/queue.js). */
    static final int PAGE = 25;

    private final Bench bench;
    private final String backend;
    private final int concurrency;
    private final List<Double> plainWarm = new ArrayList<>();
    private final List<Double> watchedWarm = new ArrayList<>();
    private final List<Double> plainCpu = new ArrayList<>();
    private final List<Double> watchedCpu = new ArrayList<>();
    private final List<Double> plainServer = new ArrayList<>();
    private final List<Double> watchedServer = new ArrayList<>();
    private final List<Double> requestsPerSecond = new ArrayList<>();
    private long failed;

    WatchedDrain(Bench bench, String backend, int concurrency) {
        this.bench = bench;
        this.backend = backend;
        this.concurrency = concurrency;
    }

    /** Runs the watched drain and keeps it beside {@code plain}, the plain drain of the same repetition. */
    void measure(DrainRun.Result plain, List<String> launcher) throws Exception {
        bench.flush();
        DrainRun.Result watched;
        LongAdder served = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> viewers = new ArrayList<>();
        long t0;
        try (Broker broker = bench.open(backend, "dashboard");
             DashboardServer dashboard = DashboardServer.start(broker, "127.0.0.1", 0, true, DashboardAuth.none())) {
            HttpClient http = HttpClient.newHttpClient();
            for (int v = 0; v < VIEWERS; v++) {
                long offset = REFRESH.toMillis() * v / VIEWERS; // the pages' refreshes spread over the period
                Thread t = new Thread(() -> view(http, dashboard.uri(), offset, stop, served, errors), "bench-viewer-" + v);
                t.setDaemon(true);
                t.start();
                viewers.add(t);
            }
            t0 = System.nanoTime();
            watched = bench.drainOnce(backend, concurrency, launcher, Map.of(), "drain-dashboard-" + backend + "-c" + concurrency);
            stop.set(true);
            for (Thread t : viewers) {
                t.join(10_000);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        plainWarm.add(plain.warm());
        watchedWarm.add(watched.warm());
        plainCpu.add(plain.cpuMicrosPerTask());
        watchedCpu.add(watched.cpuMicrosPerTask());
        plainServer.add(plain.serverMicrosPerTask());
        watchedServer.add(watched.serverMicrosPerTask());
        requestsPerSecond.add(served.sum() / seconds);
        failed += errors.sum();
        Bench.progress("drain", backend, "concurrency " + concurrency + " with " + VIEWERS + " dashboard pages open ("
                + served.sum() + " requests, " + errors.sum() + " failed)", watched.warm(), null);
    }

    private static void view(HttpClient http, URI base, long offsetMillis, AtomicBoolean stop, LongAdder served, LongAdder errors) {
        try {
            Thread.sleep(offsetMillis);
            for (int round = 0; !stop.get(); round++) {
                JsonElement overview = get(http, base, "api/overview", served, errors);
                if (overview != null) {
                    for (JsonElement q : overview.getAsJsonObject().getAsJsonArray("queues")) {
                        String name = q.getAsJsonObject().get("name").getAsString();
                        get(http, base, "api/queues/" + name, served, errors);
                        get(http, base, "api/queues/" + name + "/tasks?state=ready&limit=" + PAGE, served, errors);
                        get(http, base, "api/queues/" + name + "/tasks?state=running&limit=" + PAGE, served, errors);
                        if (round % 5 == 0) {
                            get(http, base, "api/queues/" + name + "/history?scale=minutes&last=60", served, errors);
                        }
                    }
                }
                Thread.sleep(REFRESH.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonElement get(HttpClient http, URI base, String path, LongAdder served, LongAdder errors)
            throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                errors.increment();
                return null;
            }
            served.increment();
            return JsonParser.parseString(r.body());
        } catch (java.io.IOException e) {
            errors.increment();
            return null;
        }
    }

    /** Adds the figures of every repetition measured. */
    void report() {
        String c = "c=" + concurrency + " ";
        Ratios.add(bench.report, "drain", backend, c + "warm drain with " + VIEWERS + " dashboard pages open", "tasks/s",
                plainWarm, watchedWarm, VERSUS, false);
        Ratios.add(bench.report, "drain", backend, c + "worker CPU per task with the dashboard open", "us/task",
                plainCpu, watchedCpu, VERSUS, false);
        if (watchedServer.stream().noneMatch(v -> v.isNaN())) {
            Ratios.add(bench.report, "drain", backend, c + "redis-server CPU per task with the dashboard open", "us/task",
                    plainServer, watchedServer, VERSUS, false);
        }
        bench.report.add(Figure.plain("drain", backend, c + "dashboard requests served per second (" + failed + " failed)",
                "requests/s", Spread.of(requestsPerSecond)));
    }
}

package dev.spool.dashboard;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.Schedule;
import dev.spool.api.Spool;
import dev.spool.api.SpoolException;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin API over HTTP, as curl would use it, on a real Jetty and the in-memory backend: the reads, every
 * action with its 200 / 404 / 409 / 400, the bounded dead-letter steps, and the guards (read-only, same-origin,
 * authentication, body size, binding). The browser tests (dashboard-tests) cover the pages on Redis.
 */
class DashboardApiTest {
    private Broker broker;
    private TaskQueue mail;
    private DashboardServer server;
    private Http http;

    @BeforeEach
    void start() {
        broker = Spool.connect("inmemory", "inmemory://" + UUID.randomUUID());
        mail = broker.queue("mail");
        server = DashboardServer.start(broker, "127.0.0.1", 0, false, DashboardAuth.none());
        http = new Http(server.uri());
    }

    @AfterEach
    void stop() {
        server.close();
        broker.close();
    }

    private String enqueue(Task t) {
        return mail.enqueue(t).taskId();
    }

    /** Makes {@code n} dead letters of {@code type} failing with {@code error}; returns their ids. */
    private List<String> dead(int n, String type, String error) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(enqueue(Task.builder(type).maxAttempts(1).build()));
        }
        for (Delivery d : mail.fetch(n, Duration.ZERO)) {
            mail.fail(d, error);
        }
        return ids;
    }

    @Test
    void overviewQueuePagesAndOneTask() {
        String ready = enqueue(Task.of("welcome", "{\"to\":\"<script>alert(1)</script>\"}"));
        enqueue(Task.builder("welcome").delay(Duration.ofHours(1)).build());

        JsonObject o = http.get("api/overview").json().getAsJsonObject();
        assertThat(o.get("backend").getAsString()).isEqualTo("inmemory");
        JsonObject q = o.getAsJsonArray("queues").get(0).getAsJsonObject();
        assertThat(q.get("name").getAsString()).isEqualTo("mail");
        assertThat(q.get("ready").getAsLong()).isEqualTo(1);
        assertThat(q.get("scheduled").getAsLong()).isEqualTo(1);

        JsonArray page = http.get("api/queues/mail/tasks?state=ready&limit=10").json().getAsJsonObject().getAsJsonArray("items");
        assertThat(page).hasSize(1);
        assertThat(page.get(0).getAsJsonObject().get("id").getAsString()).isEqualTo(ready);

        Http.Reply task = http.get("api/queues/mail/tasks/" + ready);
        assertThat(task.status()).isEqualTo(200);
        assertThat(task.raw().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(task.raw().headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        JsonObject t = task.json().getAsJsonObject();
        assertThat(t.get("payload").getAsString()).isEqualTo("{\"to\":\"<script>alert(1)</script>\"}");
        assertThat(t.get("state").getAsString()).isEqualTo("ready");

        Http.Reply download = http.get("api/queues/mail/tasks/" + ready + "/payload");
        assertThat(download.raw().headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("attachment"));
        assertThat(download.body()).isEqualTo("{\"to\":\"<script>alert(1)</script>\"}");

        assertThat(http.get("api/tasks/" + ready).json().getAsJsonObject().get("queue").getAsString()).isEqualTo("mail");
    }

    @Test
    void unknownThingsAre404AndBadArguments400NamingTheField() {
        assertThat(http.get("api/queues/mail/tasks/nope").status()).isEqualTo(404);
        enqueue(Task.of("x", "{}"));
        Http.Reply unknown = http.get("api/queues/mail/tasks/nope");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).contains("nope").contains("mail");
        assertThat(http.get("api/tasks/nope").status()).isEqualTo(404);
        assertThat(http.get("api/queues/other").status()).isEqualTo(404);
        assertThat(http.get("api/nothing").status()).isEqualTo(404);

        Http.Reply state = http.get("api/queues/mail/tasks?state=sleeping");
        assertThat(state.status()).isEqualTo(400);
        assertThat(state.json().getAsJsonObject().get("field").getAsString()).isEqualTo("state");
        Http.Reply limit = http.get("api/queues/mail/tasks?state=ready&limit=5000");
        assertThat(limit.json().getAsJsonObject().get("field").getAsString()).isEqualTo("limit");
        Http.Reply id = http.get("api/queues/mail/tasks/bad%20id");
        assertThat(id.status()).isEqualTo(400);
        assertThat(id.json().getAsJsonObject().get("field").getAsString()).isEqualTo("id");
        Http.Reply purge = http.act("POST", "api/queues/mail/purge", "{}");
        assertThat(purge.status()).isEqualTo(400);
        assertThat(purge.json().getAsJsonObject().get("field").getAsString()).isEqualTo("confirm");
        assertThat(http.act("POST", "api/queues/mail/purge", "[1]").status()).isEqualTo(400);
        assertThat(http.act("POST", "api/queues/mail/purge", "{nope").status()).isEqualTo(400);
    }

    @Test
    void actionsOnTasksAnswer409InTheWrongState() {
        String id = dead(1, "report", "boom").get(0);
        Http.Reply cancel = http.act("POST", "api/queues/mail/tasks/" + id + "/cancel", null);
        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.error()).contains("dead");
        assertThat(http.act("POST", "api/queues/mail/tasks/" + id + "/requeue", null).status()).isEqualTo(200);
        assertThat(http.act("POST", "api/queues/mail/tasks/" + id + "/requeue", null).status()).isEqualTo(409);
        assertThat(http.act("POST", "api/queues/mail/tasks/gone/requeue", null).status()).isEqualTo(404);
        assertThat(http.act("POST", "api/queues/mail/tasks/" + id + "/cancel", null).json().getAsJsonObject()
                .get("result").getAsString()).isEqualTo("cancelled");
        assertThat(http.act("POST", "api/queues/mail/tasks/gone/cancel", null).status()).isEqualTo(404);
    }

    @Test
    void runNowAndDeleteAnswerByState() {
        String later = enqueue(Task.builder("report").delay(Duration.ofHours(1)).build());
        String now = enqueue(Task.of("report", "{}"));
        Http.Reply notScheduled = http.act("POST", "api/queues/mail/tasks/" + now + "/run-now", null);
        assertThat(notScheduled.status()).isEqualTo(409);
        assertThat(notScheduled.error()).contains("ready").contains("not scheduled");
        assertThat(http.act("POST", "api/queues/mail/tasks/" + later + "/run-now", null).json().getAsJsonObject()
                .get("result").getAsString()).isEqualTo("ready");
        assertThat(http.get("api/queues/mail/tasks/" + later).json().getAsJsonObject().get("state").getAsString()).isEqualTo("ready");
        assertThat(http.act("POST", "api/queues/mail/tasks/gone/run-now", null).status()).isEqualTo(404);

        Delivery running = mail.fetch(1, Duration.ZERO).get(0);
        Http.Reply busy = http.act("DELETE", "api/queues/mail/tasks/" + running.id(), null);
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.error()).contains("running").contains("cancel it first");
        String other = running.id().equals(now) ? later : now;
        assertThat(http.act("DELETE", "api/queues/mail/tasks/" + other, null).status()).isEqualTo(200);
        assertThat(http.get("api/queues/mail/tasks/" + other).status()).isEqualTo(404);
        assertThat(http.act("DELETE", "api/queues/mail/tasks/" + other, null).status()).isEqualTo(404);
    }

    @Test
    void historyAndLatencyAreServed() {
        dead(3, "report", "boom");
        enqueue(Task.of("report", "{}"));
        mail.ack(mail.fetch(1, Duration.ZERO).get(0));
        JsonObject h = http.get("api/queues/mail/history?scale=minutes&last=60").json().getAsJsonObject();
        assertThat(h.get("stepMs").getAsLong()).isEqualTo(60_000);
        JsonArray processed = h.getAsJsonArray("processed");
        assertThat(processed).hasSize(60);
        assertThat(processed.get(59).getAsLong()).isEqualTo(4);
        assertThat(h.getAsJsonArray("failed").get(59).getAsLong()).isEqualTo(3);
        JsonObject all = http.get("api/history?scale=hours&last=24").json().getAsJsonObject();
        assertThat(all.get("stepMs").getAsLong()).isEqualTo(3_600_000);
        assertThat(all.getAsJsonArray("processed").get(23).getAsLong()).isEqualTo(4);
        assertThat(http.get("api/history?scale=days").json().getAsJsonObject().get("field").getAsString()).isEqualTo("scale");
        assertThat(http.get("api/history?last=2000").json().getAsJsonObject().get("field").getAsString()).isEqualTo("last");

        enqueue(Task.of("report", "{}"));
        assertThat(http.get("api/overview").json().getAsJsonObject().getAsJsonArray("queues").get(0).getAsJsonObject()
                .has("latencyMs")).isTrue();
    }

    @Test
    void deadLettersAreFilteredAndActedOnInBoundedSteps() {
        List<String> timeouts = dead(30, "report", "upstream timeout after 30 s");
        dead(20, "report", "bad input");
        dead(10, "mail", "upstream timeout");

        JsonObject found = http.get("api/queues/mail/dead?type=report&error=TIMEOUT&limit=100").json().getAsJsonObject();
        assertThat(found.getAsJsonArray("items")).hasSize(30);
        assertThat(found.get("total").getAsLong()).isEqualTo(60);
        assertThat(found.get("next").getAsLong()).isEqualTo(-1);
        JsonObject firstFive = http.get("api/queues/mail/dead?error=timeout&limit=5").json().getAsJsonObject();
        assertThat(firstFive.getAsJsonArray("items")).hasSize(5);
        assertThat(firstFive.get("next").getAsLong()).isPositive();

        JsonObject two = http.act("POST", "api/queues/mail/dead/delete",
                "{\"ids\": [\"" + timeouts.get(0) + "\", \"" + timeouts.get(1) + "\", \"gone\"]}").json().getAsJsonObject();
        assertThat(two.get("done").getAsInt()).isEqualTo(2);
        assertThat(two.getAsJsonArray("skipped").get(0).getAsString()).isEqualTo("gone");

        long done = 0;
        long from = 0;
        do {
            JsonObject step = http.act("POST", "api/queues/mail/dead/requeue",
                    "{\"all\": true, \"type\": \"report\", \"error\": \"timeout\", \"from\": " + from + "}").json().getAsJsonObject();
            done += step.get("done").getAsLong();
            from = step.get("next").getAsLong();
        } while (from >= 0);
        assertThat(done).isEqualTo(28);
        assertThat(broker.inspector().stats("mail").dead()).isEqualTo(30);
        assertThat(broker.inspector().stats("mail").ready()).isEqualTo(28);

        JsonObject all = http.act("POST", "api/queues/mail/dead/delete", "{\"all\": true}").json().getAsJsonObject();
        assertThat(all.get("done").getAsLong()).isEqualTo(30);
        Http.Reply neither = http.act("POST", "api/queues/mail/dead/delete", "{}");
        assertThat(neither.status()).isEqualTo(400);
        assertThat(neither.json().getAsJsonObject().get("field").getAsString()).isEqualTo("ids");
    }

    @Test
    void queueActionsAndSchedules() {
        enqueue(Task.of("x", "{}"));
        enqueue(Task.builder("x").delay(Duration.ofHours(1)).build());
        assertThat(http.act("POST", "api/queues/mail/pause", null).status()).isEqualTo(200);
        assertThat(http.get("api/queues/mail").json().getAsJsonObject().get("paused").getAsBoolean()).isTrue();
        assertThat(http.act("POST", "api/queues/mail/resume", null).status()).isEqualTo(200);
        JsonObject purged = http.act("POST", "api/queues/mail/purge", "{\"confirm\": \"mail\"}").json().getAsJsonObject();
        assertThat(purged.get("purged").getAsLong()).isEqualTo(2);

        broker.schedules().put(Schedule.builder("nightly").queue("mail").task(Task.of("report", "{}")).cron("0 3 * * *").build());
        JsonObject s = http.get("api/schedules").json().getAsJsonArray().get(0).getAsJsonObject();
        assertThat(s.get("name").getAsString()).isEqualTo("nightly");
        assertThat(s.get("nextFire").getAsString()).isNotEmpty();
        assertThat(http.act("POST", "api/schedules/nightly/pause", null).json().getAsJsonObject().get("paused").getAsBoolean()).isTrue();
        JsonObject fired = http.act("POST", "api/schedules/nightly/trigger", null).json().getAsJsonObject();
        assertThat(fired.get("result").getAsString()).isEqualTo("accepted");
        assertThat(broker.inspector().task("mail", fired.get("taskId").getAsString())).isPresent();
        assertThat(http.act("POST", "api/schedules/nope/trigger", null).status()).isEqualTo(404);
        assertThat(http.get("api/workers").json().getAsJsonArray()).isEmpty();
    }

    @Test
    void actionsNeedTheHeaderAndTheSameOriginAndNeverGo() {
        String id = enqueue(Task.of("x", "{}"));
        Http.Reply bare = http.post("api/queues/mail/tasks/" + id + "/cancel", null);
        assertThat(bare.status()).isEqualTo(403);
        assertThat(bare.error()).contains("X-Spool-Request");
        Http.Reply crossSite = http.header("Origin", "http://evil.example").act("POST", "api/queues/mail/tasks/" + id + "/cancel", null);
        assertThat(crossSite.status()).isEqualTo(403);
        Http fetchMeta = new Http(server.uri()).header("Sec-Fetch-Site", "cross-site");
        assertThat(fetchMeta.act("POST", "api/queues/mail/tasks/" + id + "/cancel", null).status()).isEqualTo(403);
        Http.Reply form = http.send("POST", "api/queues/mail/pause", null);
        assertThat(form.status()).isEqualTo(403);
        assertThat(http.get("api/queues/mail/tasks/" + id + "/cancel").status()).isEqualTo(404);
        Http sameOrigin = new Http(server.uri()).header("Origin", "http://127.0.0.1:" + server.port());
        assertThat(sameOrigin.act("POST", "api/queues/mail/tasks/" + id + "/cancel", null).status()).isEqualTo(200);
        assertThat(oversized(server.port())).startsWith("HTTP/1.1 413");
        assertThat(http.act("PUT", "api/queues/mail/pause", null).status()).isEqualTo(405);
    }

    /** Declares a body over the limit without sending it (a client would be cut off mid-body): the status line. */
    private static String oversized(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            String req = "POST /api/queues/mail/pause HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Spool-Request: 1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (DashboardServlet.MAX_BODY + 1) + "\r\n\r\n";
            s.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void readOnlyShowsEverythingAndChangesNothing() {
        String id = enqueue(Task.of("x", "{}"));
        try (DashboardServer ro = DashboardServer.start(broker, "127.0.0.1", 0, true, DashboardAuth.none())) {
            Http r = new Http(ro.uri());
            assertThat(r.get("api/queues/mail/tasks/" + id).status()).isEqualTo(200);
            Http.Reply refused = r.act("POST", "api/queues/mail/tasks/" + id + "/cancel", null);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.error()).contains("read-only");
            assertThat(r.get("").body()).contains("content=\"true\"");
        }
        assertThat(broker.inspector().stats("mail").ready()).isEqualTo(1);
    }

    @Test
    void authenticationAndBinding() {
        try (DashboardServer guarded = DashboardServer.start(broker, "127.0.0.1", 0, false, DashboardAuth.basic("ops", "s3cret"))) {
            Http none = new Http(guarded.uri());
            Http.Reply refused = none.get("api/overview");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(none.get("").status()).isEqualTo(401);
            String wrong = java.util.Base64.getEncoder().encodeToString("ops:guess".getBytes());
            assertThat(new Http(guarded.uri()).header("Authorization", "Basic " + wrong).get("api/overview").status()).isEqualTo(401);
            String right = java.util.Base64.getEncoder().encodeToString("ops:s3cret".getBytes());
            assertThat(new Http(guarded.uri()).header("Authorization", "Basic " + right).get("api/overview").status()).isEqualTo(200);
        }
        try (DashboardServer token = DashboardServer.start(broker, "127.0.0.1", 0, false, DashboardAuth.bearer("t0ken"))) {
            assertThat(new Http(token.uri()).header("Authorization", "Bearer nope").get("api/overview").status()).isEqualTo(401);
            assertThat(new Http(token.uri()).header("Authorization", "Bearer t0ken").get("api/overview").status()).isEqualTo(200);
        }
        assertThatThrownBy(() -> DashboardServer.start(broker, "0.0.0.0", 0, false, DashboardAuth.none()))
                .isInstanceOf(SpoolException.class).hasMessageContaining("SPOOL_DASHBOARD_PASSWORD").hasMessageContaining("127.0.0.1");
        try (DashboardServer open = DashboardServer.start(broker, "0.0.0.0", 0, true, DashboardAuth.bearer("t0ken"))) {
            assertThat(open.port()).isPositive();
        }
    }

    @Test
    void pagesAndAssetsComeFromTheJar() {
        Http.Reply index = http.get("");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.body()).contains("assets/app.js").contains("content=\"false\"").doesNotContain("http://").doesNotContain("https://");
        assertThat(index.raw().headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("script-src 'self'"));
        assertThat(http.get("assets/app.js").status()).isEqualTo(200);
        assertThat(http.get("assets/views/task.js").status()).isEqualTo(200);
        Http.Reply uplot = http.get("assets/uplot/uPlot.iife.min.js");
        assertThat(uplot.status()).isEqualTo(200);
        assertThat(uplot.raw().headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/javascript"));
        assertThat(http.get("assets/../../../../etc/passwd").status()).isIn(400, 404);
        assertThat(http.get("assets/%2e%2e/%2e%2e/DashboardServlet.class").status()).isIn(400, 404);
        assertThat(http.get("assets/nope.js").status()).isEqualTo(404);
    }
}

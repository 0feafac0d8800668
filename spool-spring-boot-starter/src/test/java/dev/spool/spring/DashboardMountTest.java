package dev.spool.spring;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.spool.api.Broker;
import dev.spool.api.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dashboard in the application's own web server: a whole Spring Boot application (every auto-configuration
 * on the classpath, Spring MVC beside the dashboard) on an embedded Tomcat at a free port, on the inmemory
 * backend, asked over HTTP as a browser or curl would.
 */
@ExtendWith(OutputCaptureExtension.class)
class DashboardMountTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Hello.class)
    static class App {
    }

    /** A page of the application's own, served by Spring MVC's DispatcherServlet at "/". */
    @RestController
    static class Hello {
        @GetMapping("/hello")
        String hello() {
            return "hello";
        }
    }

    /** The application, started with {@code properties}, and its port. */
    record Web(ConfigurableApplicationContext ctx, int port) implements AutoCloseable {
        static Web start(String... properties) {
            ConfigurableApplicationContext ctx = new SpringApplicationBuilder(App.class).bannerMode(Banner.Mode.OFF)
                    .properties(Stream.concat(Stream.of("server.port=0", "spool.backend=inmemory"), Stream.of(properties))
                            .toArray(String[]::new))
                    .run();
            return new Web(ctx, Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port")));
        }

        Broker broker() {
            return ctx.getBean(Broker.class);
        }

        HttpResponse<String> get(String path, String... headers) {
            return send("GET", path, headers);
        }

        HttpResponse<String> send(String method, String path, String... headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
            if (headers.length > 0) {
                b.headers(headers);
            }
            try {
                return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            ctx.close();
        }
    }

    static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void servesItsPageAssetsAndApiAtSpoolBesideTheApplicationsOwnPages(CapturedOutput log) {
        try (Web web = Web.start("spool.dashboard.enabled=true")) {
            web.broker().queue("mail").enqueue(Task.of("send_welcome", "{\"to\":\"ada@example.com\"}"));

            HttpResponse<String> bare = web.get("/spool");
            assertThat(bare.statusCode()).isEqualTo(302);
            assertThat(bare.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/spool/"));
            HttpResponse<String> page = web.get("/spool/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.body()).contains("<html");
            assertThat(web.get("/spool/assets/app.js").statusCode()).isEqualTo(200);

            HttpResponse<String> overview = web.get("/spool/api/overview");
            assertThat(overview.statusCode()).isEqualTo(200);
            assertThat(overview.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            JsonObject o = json(overview);
            assertThat(o.get("backend").getAsString()).isEqualTo("inmemory");
            JsonObject mail = o.getAsJsonArray("queues").get(0).getAsJsonObject();
            assertThat(mail.get("name").getAsString()).isEqualTo("mail");
            assertThat(mail.get("ready").getAsLong()).isEqualTo(1);

            HttpResponse<String> hello = web.get("/hello");
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("hello");
            assertThat(log).contains("Spool dashboard at /spool/ with no authentication of its own: the application's "
                    + "security must guard /spool/**");
        }
    }

    @Test
    void anActionNeedsTheRequestHeaderAndThenChangesTheQueue() {
        try (Web web = Web.start("spool.dashboard.enabled=true")) {
            web.broker().queue("mail").enqueue(Task.of("send_welcome", "{}"));

            HttpResponse<String> bare = web.send("POST", "/spool/api/queues/mail/pause");
            assertThat(bare.statusCode()).isEqualTo(403);
            assertThat(json(bare).get("error").getAsString()).contains("X-Spool-Request");
            assertThat(web.broker().inspector().stats("mail").paused()).isFalse();

            HttpResponse<String> paused = web.send("POST", "/spool/api/queues/mail/pause", "X-Spool-Request", "1");
            assertThat(paused.statusCode()).isEqualTo(200);
            assertThat(json(paused).get("paused").getAsBoolean()).isTrue();
            assertThat(web.broker().inspector().stats("mail").paused()).isTrue();
        }
    }

    @Test
    void thePathPropertyMovesItAndReadOnlyRefusesActions(CapturedOutput log) {
        try (Web web = Web.start("spool.dashboard.enabled=true", "spool.dashboard.path=/ops/queues",
                "spool.dashboard.read-only=true")) {
            web.broker().queue("mail").enqueue(Task.of("send_welcome", "{}"));

            assertThat(web.get("/ops/queues/").statusCode()).isEqualTo(200);
            assertThat(json(web.get("/ops/queues/api/overview")).getAsJsonArray("queues")).hasSize(1);
            assertThat(web.get("/spool/").statusCode()).isEqualTo(404);

            HttpResponse<String> refused = web.send("POST", "/ops/queues/api/queues/mail/pause", "X-Spool-Request", "1");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(json(refused).get("error").getAsString()).contains("read-only");
            assertThat(web.broker().inspector().stats("mail").paused()).isFalse();
            assertThat(log).contains("Spool dashboard at /ops/queues/ with no authentication of its own, read-only");
        }
    }

    @Test
    void aUsernameAndPasswordAreAskedForByTheDashboardItself(CapturedOutput log) {
        try (Web web = Web.start("spool.dashboard.enabled=true", "spool.dashboard.username=ops",
                "spool.dashboard.password=s3cret-enough")) {
            HttpResponse<String> anonymous = web.get("/spool/api/overview");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(web.get("/spool/", "Authorization", basic("ops", "wrong")).statusCode()).isEqualTo(401);

            assertThat(web.get("/spool/", "Authorization", basic("ops", "s3cret-enough")).statusCode()).isEqualTo(200);
            assertThat(web.get("/spool/api/overview", "Authorization", basic("ops", "s3cret-enough")).statusCode()).isEqualTo(200);
            assertThat(web.get("/hello").statusCode()).as("the application's own pages are not the dashboard's to guard")
                    .isEqualTo(200);
            assertThat(log).contains("Spool dashboard at /spool/ with its own basic authentication").doesNotContain("s3cret-enough");
        }
    }

    @Test
    void aTokenIsAskedForAsABearerToken() {
        try (Web web = Web.start("spool.dashboard.enabled=true", "spool.dashboard.token=t0ken-for-scripts")) {
            assertThat(web.get("/spool/api/overview").statusCode()).isEqualTo(401);
            assertThat(web.get("/spool/api/overview", "Authorization", "Bearer nope").statusCode()).isEqualTo(401);
            assertThat(web.get("/spool/api/overview", "Authorization", "Bearer t0ken-for-scripts").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void nothingIsExposedUnlessAskedFor() {
        try (Web web = Web.start()) {
            assertThat(web.ctx().containsBean("spoolDashboard")).isFalse();
            assertThat(web.get("/spool/").statusCode()).isEqualTo(404);
            assertThat(web.get("/spool/api/overview").statusCode()).isEqualTo(404);
            assertThat(web.get("/hello").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBadPathStopsTheApplicationNamingThePropertyAndTheFix() {
        assertThatThrownBy(() -> Web.start("spool.dashboard.enabled=true", "spool.dashboard.path=/spool/"))
                .rootCause().hasMessageContaining("spool.dashboard.path '/spool/' ends with '/'")
                .hasMessageContaining("set a path like /spool or /ops/queues");
    }
}

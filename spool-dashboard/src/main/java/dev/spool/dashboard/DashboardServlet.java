package dev.spool.dashboard;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.spool.api.Broker;
import dev.spool.api.InvalidTaskException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The dashboard: its pages under the path it is mounted at, and the JSON admin API under {@code api/}. One
 * servlet, mounted by {@link DashboardServer} (standalone Jetty: {@code spool dashboard}, {@code spool worker
 * --dashboard-port}) or by an application in its own web server (the Spring Boot starter, at
 * {@code spool.dashboard.path}), always with a path mapping that ends in {@code /*}.
 *
 * <p>It talks only to the {@link Broker} it is given, so it works on every backend. Actions are POST or DELETE
 * only, refused from another origin (the {@code Origin} and {@code Sec-Fetch-Site} headers) and without the
 * {@code X-Spool-Request} header (which a page of another site cannot send without asking first), and refused
 * altogether when read-only. Request bodies are at most {@link #MAX_BODY} bytes. Reads are answered from a
 * one-second cache ({@link ReadCache}), so that many open pages cost the backend what one does.
 */
public final class DashboardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServlet.class);
    /** The largest request body accepted (a bulk action's list of ids). */
    public static final int MAX_BODY = 256 * 1024;
    /** The header every action must carry (any value): a cross-site form or script cannot set it. */
    public static final String ACTION_HEADER = "X-Spool-Request";
    static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

    private final transient Api api;
    private final transient Assets assets;
    private final transient ReadCache reads = new ReadCache(System::nanoTime);
    private final boolean readOnly;
    private final transient DashboardAuth auth;

    /**
     * A dashboard over {@code broker}.
     *
     * @param readOnly true to show everything and change nothing (every action answers 403)
     * @param auth     who may use it; {@link DashboardAuth#none()} when the application's own security guards it
     */
    public DashboardServlet(Broker broker, boolean readOnly, DashboardAuth auth) {
        this.api = new Api(Objects.requireNonNull(broker, "broker"));
        this.assets = new Assets(readOnly);
        this.readOnly = readOnly;
        this.auth = Objects.requireNonNull(auth, "auth");
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("X-Frame-Options", "DENY");
        res.setHeader("Referrer-Policy", "same-origin");
        res.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
        if (!auth.admits(req.getHeader("Authorization"))) {
            res.setHeader("WWW-Authenticate", auth.challenge());
            send(res, 401, Map.of("error", "this dashboard needs " + auth + "; give the user and password (or token) it was started with"));
            return;
        }
        String path = req.getPathInfo();
        if (path == null) {
            // mounted at /spool and asked for /spool: the pages' relative links need the trailing slash
            res.sendRedirect(req.getRequestURI() + "/");
            return;
        }
        if (path.equals("/api") || path.startsWith("/api/")) {
            api(req, res, path.substring(4));
            return;
        }
        if (!req.getMethod().equals("GET") && !req.getMethod().equals("HEAD")) {
            send(res, 405, Map.of("error", req.getMethod() + " " + path + ": the pages are read with GET; actions go to /api"));
            return;
        }
        if (!assets.serve(path, res)) {
            send(res, 404, Map.of("error", "no page " + path));
        }
    }

    private void api(HttpServletRequest req, HttpServletResponse res, String path) throws IOException {
        res.setHeader("Cache-Control", "no-store");
        String method = req.getMethod();
        try {
            if (!method.equals("GET") && !method.equals("POST") && !method.equals("DELETE")) {
                throw new ApiException(405, null, method + " is not used by this API: reads are GET, actions POST or DELETE");
            }
            List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
            Call call = new Call(method, segments, Requests.query(req), JsonObjectOrEmpty.of(method.equals("GET") ? null : body(req)));
            if (Api.changes(call)) {
                if (readOnly) {
                    throw ApiException.forbidden("this dashboard is read-only: it shows everything and changes nothing");
                }
                Requests.checkSameOrigin(req);
            }
            if (method.equals("GET") && !path.endsWith("/payload")) {
                String query = req.getQueryString();
                byte[] body = reads.get(path + (query == null ? "" : "?" + query), () -> json(api.handle(call)));
                reply(res, 200, body);
                return;
            }
            reads.clear(); // an action: the next reads see what it did
            Object out = api.handle(call);
            if (out instanceof Api.Download d) {
                byte[] bytes = d.content() == null ? new byte[0] : d.content().getBytes(StandardCharsets.UTF_8);
                res.setStatus(200);
                res.setContentType("application/json;charset=utf-8");
                res.setHeader("Content-Disposition", "attachment; filename=\"" + d.name() + "\"");
                res.setContentLength(bytes.length);
                res.getOutputStream().write(bytes);
                return;
            }
            send(res, 200, out);
        } catch (ApiException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            if (e.field != null) {
                body.put("field", e.field);
            }
            send(res, e.status, body);
        } catch (InvalidTaskException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            body.put("field", e.field());
            send(res, 400, body);
        } catch (IllegalArgumentException e) {
            send(res, 400, Map.of("error", String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            LOG.warn("dashboard API {} /api{} failed: {}", method, path, e.toString());
            send(res, 503, Map.of("error", "the backend could not answer: " + e.getMessage()));
        }
    }

    /** The request's JSON body; null when empty. */
    private static JsonElement body(HttpServletRequest req) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > MAX_BODY) {
            throw new ApiException(413, null, "request body of " + declared + " bytes is over the " + MAX_BODY + "-byte limit");
        }
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new ApiException(413, null, "request body is over the " + MAX_BODY + "-byte limit");
        }
        if (bytes.length == 0) {
            return null;
        }
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, null, "send the body as JSON (Content-Type: application/json)");
        }
        try {
            return JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw ApiException.badRequest("body", "the body is not JSON: " + e.getMessage());
        }
    }

    static void send(HttpServletResponse res, int status, Object body) throws IOException {
        reply(res, status, json(body));
    }

    private static byte[] json(Object body) {
        return (JSON.toJson(body) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void reply(HttpServletResponse res, int status, byte[] bytes) throws IOException {
        res.setStatus(status);
        res.setContentType("application/json;charset=utf-8");
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }

    /** A JSON body as an object, an empty one when absent; anything else is a 400. */
    private static final class JsonObjectOrEmpty {
        static JsonObject of(JsonElement e) {
            if (e == null || e.isJsonNull()) {
                return new JsonObject();
            }
            if (!e.isJsonObject()) {
                throw ApiException.badRequest("body", "the body must be a JSON object, like {\"ids\": [\"...\"]}");
            }
            return e.getAsJsonObject();
        }
    }

    static String authority(String origin) {
        try {
            return URI.create(origin).getRawAuthority();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

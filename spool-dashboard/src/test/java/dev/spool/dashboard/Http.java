package dev.spool.dashboard;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A plain HTTP client for the tests: what curl would send. */
final class Http {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final Map<String, String> headers = new LinkedHashMap<>();

    Http(URI base) {
        this.base = base;
    }

    Http header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonElement json() {
            return JsonParser.parseString(body);
        }

        String error() {
            return json().getAsJsonObject().get("error").getAsString();
        }
    }

    Reply get(String path) {
        return send("GET", path, null);
    }

    Reply post(String path, String json) {
        return send("POST", path, json);
    }

    /** An action as the pages send it: with the action header. */
    Reply act(String method, String path, String json) {
        headers.put("X-Spool-Request", "1");
        try {
            return send(method, path, json);
        } finally {
            headers.remove("X-Spool-Request");
        }
    }

    Reply send(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.spool.dashboard;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pages' files, all from the JAR: the single page ({@code index.html}), its scripts and style under
 * {@code assets/}, and uPlot from its WebJar under {@code assets/uplot/}. Nothing is fetched from elsewhere.
 */
final class Assets {
    private static final String OWN = "/dev/spool/dashboard/assets/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=utf-8",
            "js", "text/javascript;charset=utf-8",
            "css", "text/css;charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    private final String uplot;
    private final boolean readOnly;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    Assets(boolean readOnly) {
        this.readOnly = readOnly;
        this.uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    }

    /** Writes the file at {@code path} (below the mount point); false when there is none. */
    boolean serve(String path, HttpServletResponse res) throws IOException {
        String resource;
        if (path.equals("/") || path.equals("/index.html")) {
            resource = OWN + "index.html";
        } else if (path.startsWith("/assets/uplot/")) {
            resource = uplot + path.substring("/assets/uplot/".length());
        } else if (path.startsWith("/assets/")) {
            resource = OWN + path.substring("/assets/".length());
        } else {
            return false;
        }
        if (resource.contains("..") || resource.indexOf('\\') >= 0) {
            return false;
        }
        String ext = resource.substring(resource.lastIndexOf('.') + 1);
        String type = TYPES.get(ext);
        if (type == null) {
            return false;
        }
        byte[] body = cache.computeIfAbsent(resource, this::load);
        if (body.length == 0) {
            cache.remove(resource);
            return false;
        }
        res.setStatus(200);
        res.setContentType(type);
        res.setHeader("Cache-Control", ext.equals("html") ? "no-store" : "no-cache");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
        return true;
    }

    private byte[] load(String resource) {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) {
                return new byte[0];
            }
            byte[] bytes = in.readAllBytes();
            if (resource.endsWith("index.html")) {
                String page = new String(bytes, StandardCharsets.UTF_8).replace("{{readOnly}}", Boolean.toString(readOnly));
                return page.getBytes(StandardCharsets.UTF_8);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard's " + resource + " from its JAR", e);
        }
    }

    private static String uplotVersion() {
        try (InputStream in = Assets.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("uPlot's WebJar (org.webjars.npm:uplot) is not on the classpath; the dashboard's "
                        + "charts need it: add it beside spool-dashboard");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

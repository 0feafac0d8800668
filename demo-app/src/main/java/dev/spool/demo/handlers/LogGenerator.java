package dev.spool.demo.handlers;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Writes a realistic service log, the same bytes for the same seed: request lines of several
 * services (method, path, status code, latency), background lines, error messages and the odd
 * stack trace. One line looks like
 *
 * <pre>
 * 2026-03-14T09:26:53.589Z INFO  checkout  GET /api/v1/orders/48213 200 37ms
 * 2026-03-14T09:26:53.601Z ERROR payments  POST /api/v1/payments 504 2210ms error="upstream timeout after 2000ms: ledger-db"
 * </pre>
 *
 * {@link LogParser} reads exactly this format. {@link java.util.Random} is used because its
 * algorithm is specified, so a seed gives the same file on every JVM.
 */
public final class LogGenerator {
    /** The timestamp format of every log line. */
    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final String[] SERVICES = {"gateway", "checkout", "payments", "catalog", "accounts", "search"};
    private static final double[] SERVICE_MEDIAN_MS = {12, 45, 80, 20, 30, 60};
    private static final String[][] PATHS = {
            {"GET /health", "GET /api/v1/session", "POST /api/v1/login"},
            {"GET /api/v1/cart/#", "POST /api/v1/cart/#/items", "POST /api/v1/orders", "GET /api/v1/orders/#"},
            {"POST /api/v1/payments", "GET /api/v1/payments/#", "POST /api/v1/refunds"},
            {"GET /api/v1/products/#", "GET /api/v1/products?page=@", "GET /api/v1/categories"},
            {"GET /api/v1/accounts/#", "PUT /api/v1/accounts/#/address", "DELETE /api/v1/accounts/#/cards/#"},
            {"GET /api/v1/search?q=#", "GET /api/v1/suggest?q=#"}};
    private static final int[] STATUSES = {200, 201, 204, 304, 400, 401, 404, 409, 429, 500, 502, 503, 504};
    private static final int[] STATUS_WEIGHTS = {7600, 500, 250, 300, 200, 100, 400, 50, 100, 150, 80, 150, 70};
    private static final String[][] ERRORS_BY_STATUS = {
            {"NullPointerException in CartService.total", "could not serialize order #: deadlock detected"},
            {"bad gateway: upstream payments-@ reset the connection"},
            {"circuit breaker OPEN for ledger-db", "connection pool exhausted (max 50) for orders-db"},
            {"upstream timeout after #ms: ledger-db"}};
    private static final String[] BACKGROUND_ERRORS = {
            "kafka consumer lag # on topic order-events exceeds 10000", "failed to refresh price cache: catalog-db unreachable"};
    private static final String[] DEBUG_LINES = {
            "cache hit ratio 0.@ for product-catalog", "scheduler: job session-cleanup removed @ sessions",
            "feature flag new-checkout evaluated for user #"};
    private static final String[] WARN_LINES = {
            "connection pool at @% of capacity for orders-db", "slow query (@00ms) on orders by customer_id",
            "retrying call to ledger-db (attempt 2 of 3)"};
    private static final int STATUS_WEIGHT_TOTAL = Arrays.stream(STATUS_WEIGHTS).sum();

    private final Random random;
    private long clockMillis;

    private LogGenerator(long seed) {
        this.random = new Random(seed);
        this.clockMillis = EPOCH.toEpochMilli() + Math.floorMod(seed, 365L * 24 * 3600) * 1000;
    }

    /**
     * Writes {@code lines} lines generated from {@code seed} to {@code file}, replacing it
     * atomically: a reader never sees a half-written file, and a task run twice writes it twice.
     *
     * @param cancelled polled every few hundred lines; when it turns true the file is not written
     * @throws CancellationException when {@code cancelled} turned true
     */
    public static void write(Path file, long seed, int lines, BooleanSupplier cancelled)
            throws IOException {
        if (lines < 1) {
            throw new IllegalArgumentException("lines is " + lines + "; give at least 1");
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            new LogGenerator(seed).writeTo(out, lines, cancelled);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The {@code lines} lines generated from {@code seed}, as one string (for tests and examples). */
    public static String generate(long seed, int lines) {
        var out = new StringWriter();
        try {
            new LogGenerator(seed).writeTo(out, lines, () -> false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private void writeTo(Writer out, int lines, BooleanSupplier cancelled) throws IOException {
        int written = 0;
        for (long entry = 0; written < lines; entry++) {
            if (entry % 256 == 0 && cancelled.getAsBoolean()) {
                throw new CancellationException("log generation cancelled after " + written + " lines");
            }
            clockMillis += 1 + (long) (-Math.log(1 - random.nextDouble()) * 40); // Poisson arrivals, ~25/s
            String ts = TIMESTAMP.format(Instant.ofEpochMilli(clockMillis));
            int kind = random.nextInt(100);
            if (kind < 85) {
                written += requestLine(out, ts, lines - written);
            } else {
                out.write(backgroundLine(ts, kind));
                out.write('\n');
                written++;
            }
        }
    }

    /** Writes one request line (and a stack trace after some errors), at most {@code room} lines. */
    private int requestLine(Writer out, String ts, int room) throws IOException {
        int svc = random.nextInt(SERVICES.length);
        int status = pickStatus();
        String[] paths = PATHS[svc];
        String path = fill(paths[random.nextInt(paths.length)]);
        long latency = latency(SERVICE_MEDIAN_MS[svc], status);
        String level = status >= 500 ? "ERROR" : status >= 400 ? "WARN" : "INFO";
        StringBuilder line = new StringBuilder(120).append(ts).append(' ').append(pad(level, 5)).append(' ')
                .append(pad(SERVICES[svc], 9)).append(' ').append(path).append(' ').append(status).append(' ')
                .append(latency).append("ms");
        if (status >= 500) {
            String[] messages = ERRORS_BY_STATUS[status == 500 ? 0 : status == 502 ? 1 : status == 503 ? 2 : 3];
            String message = messages[random.nextInt(messages.length)];
            line.append(" error=\"").append(status == 504 ? message.replace("#", String.valueOf(latency / 100 * 100))
                    : fill(message)).append('"');
        }
        out.write(line.append('\n').toString());
        int written = 1;
        if (status == 500 && random.nextInt(3) == 0) {
            String[] trace = {"java.lang.IllegalStateException: order " + (10000 + random.nextInt(90000)) + " has no lines",
                    "\tat shop.checkout.CartService.total(CartService.java:" + (40 + random.nextInt(60)) + ")",
                    "\tat shop.checkout.OrderController.create(OrderController.java:" + (20 + random.nextInt(40)) + ")"};
            for (int i = 0; i < trace.length && written < room; i++, written++) {
                out.write(trace[i]);
                out.write('\n');
            }
        }
        return written;
    }

    private String backgroundLine(String ts, int kind) {
        String service = SERVICES[random.nextInt(SERVICES.length)];
        String level;
        String text;
        if (kind < 93) {
            level = "DEBUG";
            text = DEBUG_LINES[random.nextInt(DEBUG_LINES.length)];
        } else if (kind < 99) {
            level = "WARN";
            text = WARN_LINES[random.nextInt(WARN_LINES.length)];
        } else {
            level = "ERROR";
            text = "error=\"" + fill(BACKGROUND_ERRORS[random.nextInt(BACKGROUND_ERRORS.length)]) + "\"";
        }
        return ts + ' ' + pad(level, 5) + ' ' + pad(service, 9) + ' ' + fill(text);
    }

    private int pickStatus() {
        int r = random.nextInt(STATUS_WEIGHT_TOTAL);
        for (int i = 0; i < STATUSES.length; i++) {
            r -= STATUS_WEIGHTS[i];
            if (r < 0) {
                return STATUSES[i];
            }
        }
        return 200;
    }

    /** Log-normal around the service's median; errors of the 5xx kind wait for a timeout. */
    private long latency(double medianMs, int status) {
        if (status == 504) {
            return 2000 + random.nextInt(3000);
        }
        double ms = medianMs * Math.exp(0.7 * random.nextGaussian());
        if (status == 503 || status == 429) {
            ms = 1 + ms / 20; // refused at once
        } else if (random.nextInt(100) == 0) {
            ms *= 15; // a GC pause or a cold cache: the long tail
        }
        return Math.max(1, Math.round(ms));
    }

    /** Replaces {@code #} with an id-sized number and {@code @} with a small one, as they appear in real logs. */
    private String fill(String template) {
        if (template.indexOf('#') < 0 && template.indexOf('@') < 0) {
            return template;
        }
        StringBuilder b = new StringBuilder(template.length() + 16);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '#') {
                b.append(1 + random.nextInt(99_999));
            } else if (c == '@') {
                b.append(1 + random.nextInt(99));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}

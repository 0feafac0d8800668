package dev.spool.worker.cli;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import dev.spool.api.BackendConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The logback conversion word {@code %causes} of the command line's logging: the exception of a
 * library's log line (Netty, Redisson, Jedis) on the same line, without its stack trace, e.g.
 * {@code  [io.netty.handler.codec.DecoderException: javax.net.ssl.SSLHandshakeException: PKIX path
 * building failed: ...]}. A cause whose message an earlier one already holds (a wrapper's message
 * usually repeats its cause) is left out. Passwords are masked. With the system property
 * {@value #FULL} set to {@code true} ({@code SPOOL_LOG_LEVEL=DEBUG} does it), the whole stack trace is
 * printed instead. Public only because logback creates it by name from {@code spool-logback.xml}.
 */
public final class OneLineCauses extends ThrowableHandlingConverter {
    /** The system property that asks for whole stack traces. */
    public static final String FULL = "spool.log.stacktraces";
    static final int MAX_CHARS = 600;

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy tp = event.getThrowableProxy();
        if (tp == null) {
            return "";
        }
        if (Boolean.getBoolean(FULL)) {
            return System.lineSeparator() + ThrowableProxyUtil.asString(tp);
        }
        return " [" + oneLine(tp) + "]";
    }

    /** The chain of causes as one line, each cause that adds something, joined by "; caused by ". */
    static String oneLine(IThrowableProxy top) {
        List<String> parts = new ArrayList<>();
        StringBuilder seen = new StringBuilder();
        int depth = 0;
        for (IThrowableProxy t = top; t != null && depth < 16; t = t.getCause(), depth++) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && seen.indexOf(m) >= 0) {
                continue; // a wrapper already said it
            }
            String part = m == null || m.isBlank() ? t.getClassName() : t.getClassName() + ": " + m;
            parts.add(part);
            seen.append(part).append('\n');
        }
        String line = BackendConfig.redact(String.join("; caused by ", parts)).replaceAll("\\s*[\\r\\n]+\\s*", " ");
        return line.length() <= MAX_CHARS ? line : line.substring(0, MAX_CHARS) + "...";
    }
}

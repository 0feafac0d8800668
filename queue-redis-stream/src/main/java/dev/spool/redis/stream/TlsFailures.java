package dev.spool.redis.stream;

import io.netty.handler.ssl.NotSslRecordException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Recognises a TLS failure in the cause chain of a Redisson error (Redisson reports a refused
 * certificate as "Unable to connect to Redis server: host:port", the handshake exception a few
 * causes down) and says what it means and how to fix it, in one line without the URL or password.
 */
final class TlsFailures {
    static final String TRUST_FIX = "trust the CA that signed it: import it into a trust store"
            + " (keytool -importcert -storetype PKCS12 -keystore ca.p12 -file ca.crt) and start the JVM with"
            + " -Djavax.net.ssl.trustStore=ca.p12 -Djavax.net.ssl.trustStorePassword=... -Djavax.net.ssl.trustStoreType=PKCS12,"
            + " or give the backend option redisson.config a Redisson YAML file whose server config sets sslTruststore";

    private TlsFailures() {
    }

    /**
     * True if {@code e}'s chain (causes and suppressed exceptions) holds a failed TLS handshake or a
     * refused certificate, or TLS spoken to a port that does not speak it: what breaks a new channel.
     */
    static boolean isHandshake(Throwable e) {
        return isCertificate(e) || find(e, SSLHandshakeException.class) != null
                || find(e, NotSslRecordException.class) != null;
    }

    /** True if {@code e}'s chain holds a refused certificate: trying again does not help. */
    static boolean isCertificate(Throwable e) {
        return find(e, CertificateException.class) != null || find(e, CertPathBuilderException.class) != null
                || find(e, CertPathValidatorException.class) != null;
    }

    /** What the TLS failure in {@code e}'s chain means and its fix, or null when there is none. */
    static String describe(Throwable e) {
        if (find(e, CertPathBuilderException.class) != null) {
            return "the server's TLS certificate is not trusted (" + deepest(e) + "); " + TRUST_FIX;
        }
        if (find(e, CertPathValidatorException.class) != null || find(e, CertificateException.class) != null) {
            return "the server's TLS certificate is refused (" + deepest(e) + "); give the server a certificate that is"
                    + " valid now, names this host or IP address, and chains to a trusted CA (" + TRUST_FIX + ")";
        }
        if (find(e, SSLException.class) != null) {
            return "the TLS handshake failed (" + deepest(e) + "); check that the port is the server's tls-port"
                    + " (rediss:// needs it, redis:// the plain port) and that client and server share a TLS version";
        }
        return null;
    }

    /** The message of the innermost TLS-related cause: the most specific one. */
    private static String deepest(Throwable e) {
        String msg = null;
        for (Throwable t : chain(e)) {
            if ((t instanceof SSLException || t instanceof java.security.GeneralSecurityException) && t.getMessage() != null) {
                msg = t.getMessage();
            }
        }
        return msg == null ? "no detail" : msg;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t : chain(e)) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** {@code e}, its causes and their suppressed exceptions, outermost first, each once. */
    private static Iterable<Throwable> chain(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        java.util.List<Throwable> out = new java.util.ArrayList<>();
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        if (e != null) {
            todo.add(e);
        }
        while (!todo.isEmpty() && out.size() < 64) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            out.add(t);
            if (t.getCause() != null) {
                todo.addFirst(t.getCause());
            }
            for (Throwable s : t.getSuppressed()) {
                todo.addLast(s);
            }
        }
        return out;
    }
}

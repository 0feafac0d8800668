package dev.spool.redis.list;

import dev.spool.api.SpoolException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * TLS for {@code rediss://}: the server's host name is checked against its certificate (unless
 * {@code tls.verify-host=false}), and the certificate is trusted through the JVM's trust store or,
 * with {@code tls.ca-cert}, through the CA certificates of one PEM file (what Redis's own
 * {@code tls-ca-cert-file} holds).
 */
final class Tls {
    private Tls() {
    }

    /** Parameters that turn on host name verification (HTTPS-style endpoint identification), or not. */
    static SSLParameters parameters(boolean verifyHost) {
        SSLParameters p = new SSLParameters();
        if (verifyHost) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        return p;
    }

    /** A socket factory trusting exactly the CA certificates in the PEM file {@code caCert}. */
    static SSLSocketFactory trusting(Path caCert) {
        try (InputStream in = Files.newInputStream(caCert)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new SpoolException("redis-list: backend option '" + Settings.TLS_CA_CERT + "' names " + caCert
                        + ", which holds no certificate; give a PEM file with the CA certificate(s) of the Redis server");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new SpoolException("redis-list: cannot read the CA certificate file " + caCert + " (backend option '"
                    + Settings.TLS_CA_CERT + "'): " + e.getMessage() + "; give a readable PEM file", e);
        }
    }
}

package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.redis.core.CommonOptions;
import dev.spool.redis.core.Options;

import java.time.Duration;
import java.util.Set;

/**
 * The backend options of {@code redis-list} (given through {@link BackendConfig#options()}): those
 * both Redis adapters share ({@link CommonOptions}, with this backend's defaults for the pool, the
 * timeouts and the batch size) and this backend's own. The README lists them all; an unknown option
 * is an error naming the known ones, so that a misspelt setting is not silently ignored.
 *
 * @param common        the shared options ({@code pool.size} here counts the connections of the pool,
 *                      per Cluster node)
 * @param poolWait      how long a call waits for a free pooled connection ({@code pool.wait}, 5s)
 * @param cluster       the URL names a Redis Cluster ({@code cluster}, false; also {@code redis-cluster://})
 * @param clientName    the {@code CLIENT SETNAME} of every connection ({@code client.name}, spool)
 * @param tlsCaCert     a PEM file of the certificates to trust for {@code rediss://} ({@code tls.ca-cert})
 * @param tlsVerifyHost check that the server's certificate names its host ({@code tls.verify-host}, true)
 */
record Settings(CommonOptions common, Duration poolWait, boolean cluster, String clientName, String tlsCaCert,
                boolean tlsVerifyHost) {

    static final String POOL_WAIT = "pool.wait";
    static final String CLUSTER = "cluster";
    static final String CLIENT_NAME = "client.name";
    static final String TLS_CA_CERT = "tls.ca-cert";
    static final String TLS_VERIFY_HOST = "tls.verify-host";

    private static final CommonOptions.Defaults DEFAULTS =
            new CommonOptions.Defaults(32, Duration.ofSeconds(2), Duration.ofSeconds(5), 1000);

    /** Reads the options of {@code config}, applying the defaults. */
    static Settings of(BackendConfig config) {
        CommonOptions common = CommonOptions.of(RedisListBackend.NAME, config, DEFAULTS,
                Set.of(POOL_WAIT, CLUSTER, CLIENT_NAME, TLS_CA_CERT, TLS_VERIFY_HOST));
        Options o = new Options(RedisListBackend.NAME, config);
        String clientName = o.text(CLIENT_NAME, "spool");
        if (!clientName.matches("[A-Za-z0-9_.:-]+")) {
            throw o.bad(CLIENT_NAME, "'" + clientName + "'", "use letters, digits and _ . : - only");
        }
        return new Settings(common, o.positive(POOL_WAIT, Duration.ofSeconds(5)), o.bool(CLUSTER, false), clientName,
                o.text(TLS_CA_CERT, null), o.bool(TLS_VERIFY_HOST, true));
    }
}

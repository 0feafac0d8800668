package dev.spool.dashboard;

import dev.spool.api.Broker;
import dev.spool.api.SpoolException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The dashboard served on its own port by Jetty: {@code spool dashboard}, {@code spool worker --dashboard-port},
 * or an application that wants it beside its work. It listens on 127.0.0.1 unless told otherwise, and refuses
 * to listen anywhere else without authentication. Jetty's connections are non-blocking: an idle or slow client
 * holds no thread, and is dropped after {@link #IDLE_TIMEOUT}; headers are limited to 8 KiB and bodies to
 * {@link DashboardServlet#MAX_BODY}.
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    /** How long a connection may stay silent before it is closed. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    /** The host listened on by default: this machine only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private final Server server;
    private final ServerConnector connector;
    private final String host;

    private DashboardServer(Server server, ServerConnector connector, String host) {
        this.server = server;
        this.connector = connector;
        this.host = host;
    }

    /**
     * Starts a dashboard over {@code broker} on {@code host}:{@code port} (port 0 picks a free one).
     *
     * @throws SpoolException when {@code host} is not a loopback address and {@code auth} is none, or the port
     *                        cannot be listened on; the message says what to do
     */
    public static DashboardServer start(Broker broker, String host, int port, boolean readOnly, DashboardAuth auth) {
        if (!auth.required() && !loopback(host)) {
            throw new SpoolException("the dashboard would listen on " + host + ", reachable from other machines, with no "
                    + "authentication; give a password (--dashboard-password-file FILE, or the environment variable "
                    + "SPOOL_DASHBOARD_PASSWORD) or a token (--dashboard-token-file FILE, or SPOOL_DASHBOARD_TOKEN), "
                    + "or listen on 127.0.0.1");
        }
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("spool-dashboard");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(8 * 1024);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new DashboardServlet(broker, readOnly, auth)), "/*");
        context.setMaxFormContentSize(DashboardServlet.MAX_BODY);
        server.setHandler(context);
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // not started: nothing to stop
            }
            throw new SpoolException("cannot serve the dashboard on " + host + ":" + port + " (" + e.getMessage()
                    + "); pick another port or free that one");
        }
        DashboardServer d = new DashboardServer(server, connector, host);
        LOG.info("dashboard on {} ({}{})", d.uri(), auth, readOnly ? ", read-only" : "");
        return d;
    }

    /** True when {@code host} names this machine only (127.0.0.0/8, ::1, localhost). */
    public static boolean loopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The port listened on (the one picked, with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The dashboard's address, for example {@code http://127.0.0.1:9090/}. */
    public URI uri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port() + "/");
    }

    /** Stops serving; a failure to stop is logged, never thrown. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the dashboard on port {} did not end cleanly: {}", port(), String.valueOf(e));
        }
    }
}

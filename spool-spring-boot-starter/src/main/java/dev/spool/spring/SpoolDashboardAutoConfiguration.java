package dev.spool.spring;

import dev.spool.api.Broker;
import dev.spool.dashboard.DashboardAuth;
import dev.spool.dashboard.DashboardServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The dashboard ({@link DashboardServlet}) in the application's own web server, at {@code spool.dashboard.path}
 * (default {@code /spool}), over the application's {@link Broker}. Only when all three hold: the application has
 * {@code dev.spool:spool-dashboard}, it is a servlet web application, and {@code spool.dashboard.enabled=true};
 * nothing is exposed otherwise.
 *
 * <p>With {@code spool.dashboard.username} and {@code .password} (HTTP basic) or {@code .token} (bearer) the
 * dashboard asks for them itself; without, it has no authentication of its own and the application's security
 * (Spring Security) must guard the path. The start-up log says which. A bean named {@code spoolDashboard}, or a
 * {@code ServletRegistrationBean<DashboardServlet>} of the application's own, replaces this one.
 */
@AutoConfiguration(after = SpoolAutoConfiguration.class)
@ConditionalOnClass(DashboardServlet.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "spool.dashboard", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(SpoolProperties.class)
public class SpoolDashboardAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolDashboardAutoConfiguration.class);

    /** The dashboard servlet, mapped at {@code spool.dashboard.path + "/*"}. */
    @Bean
    @ConditionalOnMissingBean(name = "spoolDashboard", value = DashboardServlet.class,
            parameterizedContainer = ServletRegistrationBean.class)
    public ServletRegistrationBean<DashboardServlet> spoolDashboard(Broker broker, SpoolProperties properties,
                                                                    Environment environment) {
        SpoolProperties.Dashboard d = properties.getDashboard();
        String path = path(d.getPath());
        DashboardAuth auth = auth(d, path);
        ServletRegistrationBean<DashboardServlet> registration =
                new ServletRegistrationBean<>(new DashboardServlet(broker, d.isReadOnly(), auth), path + "/*");
        registration.setName("spoolDashboard");
        String at = environment.getProperty("server.servlet.context-path", "") + path + "/";
        if (auth.required()) {
            LOG.info("Spool dashboard at {} with its own {}{}", at, auth, d.isReadOnly() ? ", read-only" : "");
        } else {
            LOG.info("Spool dashboard at {} with no authentication of its own{}: the application's security must guard {}**",
                    at, d.isReadOnly() ? ", read-only" : "", at);
        }
        return registration;
    }

    /** {@code spool.dashboard.path}, checked: the servlet is mapped at it plus {@code /*}. */
    static String path(String path) {
        String problem = path == null || path.isEmpty() ? "is empty"
                : path.equals("/") ? "is the root, where the application's own pages are"
                : !path.startsWith("/") ? "does not start with '/'"
                : path.endsWith("/") ? "ends with '/'"
                : path.contains("//") ? "has an empty segment ('//')"
                : path.chars().anyMatch(c -> c == '*' || c == '?' || c == '#' || Character.isWhitespace(c))
                ? "holds a '*', '?', '#' or a space" : null;
        if (problem != null) {
            throw new IllegalStateException("spool.dashboard.path '" + path + "' " + problem + "; set a path like "
                    + "/spool or /ops/queues: it starts with '/' and does not end with '/' (the dashboard is mapped at "
                    + "the path followed by /*)");
        }
        return path;
    }

    /** The dashboard's own authentication from {@code spool.dashboard.username|password|token}; none without them. */
    static DashboardAuth auth(SpoolProperties.Dashboard d, String path) {
        String user = d.getUsername();
        String password = d.getPassword();
        String token = d.getToken();
        if ((user == null) != (password == null)) {
            throw new IllegalStateException((user == null ? "spool.dashboard.password is set without spool.dashboard.username"
                    : "spool.dashboard.username is set without spool.dashboard.password") + "; set both for the dashboard's "
                    + "own HTTP basic authentication, or neither (then the application's security must guard " + path + "/**)");
        }
        if (token != null && password != null) {
            throw new IllegalStateException("spool.dashboard.token and spool.dashboard.password are both set; the dashboard "
                    + "takes one: a username and password (HTTP basic) or a token (bearer); remove the other");
        }
        try {
            return token != null ? DashboardAuth.bearer(token)
                    : user != null ? DashboardAuth.basic(user, password) : DashboardAuth.none();
        } catch (IllegalArgumentException e) {
            // DashboardAuth's own check, as the command line reports it too; here it is told with the property's name
            String property = token != null ? "spool.dashboard.token" : user.isEmpty() || user.indexOf(':') >= 0
                    ? "spool.dashboard.username" : "spool.dashboard.password";
            throw new IllegalStateException(property + ": " + e.getMessage());
        }
    }
}

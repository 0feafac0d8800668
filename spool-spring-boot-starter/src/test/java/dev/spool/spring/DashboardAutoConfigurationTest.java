package dev.spool.spring;

import dev.spool.api.Broker;
import dev.spool.dashboard.DashboardAuth;
import dev.spool.dashboard.DashboardServlet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the dashboard's auto-configuration applies, what it maps, and the settings that stop start-up (without a
 * server: {@link DashboardMountTest} serves it for real).
 */
class DashboardAutoConfigurationTest {

    @Test
    void mappedAtThePathWithTheApplicationsBroker() {
        Contexts.web().withPropertyValues("spool.dashboard.enabled=true").run(ctx -> {
            assertThat(ctx).hasNotFailed().hasBean("spoolDashboard");
            ServletRegistrationBean<?> r = ctx.getBean("spoolDashboard", ServletRegistrationBean.class);
            assertThat(List.copyOf(r.getUrlMappings())).containsExactly("/spool/*");
            assertThat(r.getServlet()).isInstanceOf(DashboardServlet.class);
            assertThat(r.getServletName()).isEqualTo("spoolDashboard");
        });
        Contexts.web().withPropertyValues("spool.dashboard.enabled=true", "spool.dashboard.path=/ops/queues").run(ctx -> {
            ServletRegistrationBean<?> r = ctx.getBean("spoolDashboard", ServletRegistrationBean.class);
            assertThat(List.copyOf(r.getUrlMappings())).containsExactly("/ops/queues/*");
        });
    }

    @Test
    void offUnlessEnabledInAServletWebApplicationWithTheDashboardOnTheClasspath() {
        Contexts.web().run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean("spoolDashboard"));
        Contexts.web().withPropertyValues("spool.dashboard.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean("spoolDashboard"));
        Contexts.producer().withConfiguration(AutoConfigurations.of(SpoolDashboardAutoConfiguration.class)).withPropertyValues("spool.dashboard.enabled=true")
                .run(ctx -> assertThat(ctx).as("not a web application").hasNotFailed().doesNotHaveBean("spoolDashboard"));
        Contexts.web().withPropertyValues("spool.dashboard.enabled=true")
                .withClassLoader(new FilteredClassLoader(DashboardServlet.class))
                .run(ctx -> assertThat(ctx).as("without spool-dashboard").hasNotFailed().doesNotHaveBean("spoolDashboard"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDashboard {
        @Bean
        ServletRegistrationBean<DashboardServlet> opsDashboard(Broker broker) {
            return new ServletRegistrationBean<>(new DashboardServlet(broker, true, DashboardAuth.none()), "/ops/*");
        }
    }

    @Test
    void backsOffForTheApplicationsOwnRegistration() {
        Contexts.web().withPropertyValues("spool.dashboard.enabled=true").withUserConfiguration(OwnDashboard.class)
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean("spoolDashboard").hasBean("opsDashboard"));
        Contexts.web().withPropertyValues("spool.dashboard.enabled=true")
                .withBean("spoolDashboard", String.class, () -> "mine")
                .run(ctx -> assertThat(ctx).hasNotFailed().getBean("spoolDashboard").isEqualTo("mine"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/spool/   | '/spool/' ends with '/'",
        "/         | '/' is the root",
        "spool     | 'spool' does not start with '/'",
        "/ops//q   | '/ops//q' has an empty segment",
        "/spool/*  | '/spool/*' holds a '*'",
        "'/sp ol'  | '/sp ol' holds a '*', '?', '#' or a space",
    })
    void aBadPathStopsStartUpNamingThePropertyAndTheFix(String path, String problem) {
        Contexts.web().withPropertyValues("spool.dashboard.enabled=true", "spool.dashboard.path=" + path)
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining("spool.dashboard.path " + problem)
                        .hasMessageContaining("set a path like /spool or /ops/queues"));
    }

    @Test
    void anEmptyPathStopsStartUp() {
        Contexts.web().withPropertyValues("spool.dashboard.enabled=true", "spool.dashboard.path=")
                .run(ctx -> assertThat(ctx).getFailure().rootCause().hasMessageContaining("spool.dashboard.path '' is empty"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "spool.dashboard.username=ops           |                                  | spool.dashboard.username is set without spool.dashboard.password",
        "spool.dashboard.password=secret        |                                  | spool.dashboard.password is set without spool.dashboard.username",
        "spool.dashboard.username=ops           | spool.dashboard.token=t          | spool.dashboard.username is set without spool.dashboard.password",
        "spool.dashboard.username=ops           | spool.dashboard.password=        | spool.dashboard.password: the dashboard password is empty",
        "spool.dashboard.username=o:ps          | spool.dashboard.password=secret  | spool.dashboard.username: dashboard user 'o:ps'",
        "spool.dashboard.token=                 |                                  | spool.dashboard.token: the dashboard token is empty",
    })
    void halfOrBadCredentialsStopStartUpNamingTheProperty(String first, String second, String message) {
        String[] props = second == null ? new String[]{"spool.dashboard.enabled=true", first}
                : new String[]{"spool.dashboard.enabled=true", first, second};
        Contexts.web().withPropertyValues(props).run(ctx -> assertThat(ctx).getFailure().rootCause()
                .hasMessageContaining(message).hasMessageNotContaining("secret"));
    }

    @Test
    void aTokenAndAPasswordTogetherStopStartUp() {
        Contexts.web().withPropertyValues("spool.dashboard.enabled=true", "spool.dashboard.username=ops",
                "spool.dashboard.password=secret", "spool.dashboard.token=t0ken").run(ctx -> assertThat(ctx).getFailure()
                .rootCause().hasMessageContaining("spool.dashboard.token and spool.dashboard.password are both set")
                .hasMessageNotContaining("secret").hasMessageNotContaining("t0ken"));
    }
}

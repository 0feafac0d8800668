package dev.spool.spring;

import dev.spool.api.Broker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@code spool} health indicator ({@link SpoolHealthIndicator}), when the application has the actuator
 * and a {@link Broker}; {@code management.health.spool.enabled=false} turns it off.
 */
@AutoConfiguration(after = SpoolAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Broker.class)
@ConditionalOnEnabledHealthIndicator("spool")
@EnableConfigurationProperties(SpoolProperties.class)
public class SpoolHealthAutoConfiguration {

    /** Spool's health: the worker's state, or the backend's answer to a ping where no worker runs. */
    @Bean
    @ConditionalOnMissingBean(name = "spoolHealthIndicator")
    public HealthIndicator spoolHealthIndicator(Broker broker, SpoolProperties properties,
                                                ObjectProvider<SpoolWorkerLifecycle> worker) {
        return new SpoolHealthIndicator(broker, worker, properties.getWorker().getUnhealthyAfter());
    }
}

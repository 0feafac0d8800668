package dev.spool.spring;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Spool;
import dev.spool.api.SpoolException;
import dev.spool.api.TaskQueue;
import dev.spool.worker.Worker;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.core.env.Environment;

/**
 * Spool in a Spring Boot application, from the {@code spool.*} properties ({@link SpoolProperties}). Every
 * bean backs off when the application defines its own of that type:
 * <ul>
 *   <li>{@link Broker}: the backend's connection, for producers ({@code broker.queue("mail").enqueue(...)}),
 *       opened at start-up and closed with the context;</li>
 *   <li>{@link TaskQueue}, per injection point: {@code @SpoolQueue("mail") TaskQueue mail};</li>
 *   <li>the handlers: {@link dev.spool.api.TaskHandler} beans and {@link SpoolHandler} methods, checked at
 *       start-up;</li>
 *   <li>{@link SpoolWorkerLifecycle}, only with {@code spool.worker.enabled=true} and no {@link Worker} bean
 *       of the application's own: the worker, its meters in the application's {@link MeterRegistry} when it
 *       has one.</li>
 * </ul>
 * The actuator's health indicator is {@link SpoolHealthAutoConfiguration}'s, the dashboard
 * {@link SpoolDashboardAutoConfiguration}'s.
 */
@AutoConfiguration
@EnableConfigurationProperties(SpoolProperties.class)
public class SpoolAutoConfiguration {

    /** The broker on {@code spool.backend} at the URL {@link BackendUrl} picks, with the backend options. */
    @Bean
    @ConditionalOnMissingBean
    public Broker spoolBroker(SpoolProperties properties, Environment environment) {
        String url = BackendUrl.resolve(properties, environment);
        BackendConfig config = BackendConfig.builder(url).lease(properties.getWorker().getLease())
                .options(properties.getBackendOptions()).build();
        return Spool.connect(properties.getBackend(), config);
    }

    /** A handle on the queue named by the injection point's {@link SpoolQueue}. */
    @Bean(destroyMethod = "")
    @Scope(BeanDefinition.SCOPE_PROTOTYPE)
    @ConditionalOnMissingBean
    public TaskQueue spoolTaskQueue(Broker broker, InjectionPoint at) {
        SpoolQueue name = at.getAnnotation(SpoolQueue.class);
        if (name == null) {
            throw new SpoolException("a TaskQueue is injected into " + at.getMember() + " without its queue's name; "
                    + "annotate it @SpoolQueue(\"name\"), or inject the Broker and call broker.queue(name)");
        }
        return broker.queue(name.value());
    }

    /** The application's task handlers. */
    @Bean
    @ConditionalOnMissingBean
    SpoolHandlers spoolHandlers(ConfigurableListableBeanFactory beans) {
        return new SpoolHandlers(beans);
    }

    /** The worker, started and stopped with the application; none when the application builds a {@link Worker} itself. */
    @Bean
    @ConditionalOnMissingBean({SpoolWorkerLifecycle.class, Worker.class})
    @ConditionalOnProperty(prefix = "spool.worker", name = "enabled", havingValue = "true")
    public SpoolWorkerLifecycle spoolWorker(Broker broker, SpoolProperties properties, SpoolHandlers handlers,
                                            ObjectProvider<MeterRegistry> meters,
                                            ObjectProvider<SpoolWorkerCustomizer> customizers) {
        return new SpoolWorkerLifecycle(broker, properties.getWorker(), handlers::handlers, meters::getIfUnique,
                customizers.orderedStream().toList());
    }
}

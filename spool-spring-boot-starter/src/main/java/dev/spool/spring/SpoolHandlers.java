package dev.spool.spring;

import dev.spool.api.Task;
import dev.spool.api.TaskHandler;
import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The application's task handlers, found once every singleton exists:
 * <ol>
 *   <li>every {@link TaskHandler} bean, seen by the worker through a {@link BeanTaskHandler};</li>
 *   <li>every {@link SpoolHandler} method of any bean, its signature checked ({@link MethodTaskHandler});</li>
 *   <li>two handlers for one task type refused, naming both.</li>
 * </ol>
 * A problem stops the application's start-up, whether or not a worker runs in it: a producer-only instance
 * of an application fails as its workers would.
 */
final class SpoolHandlers implements SmartInitializingSingleton {
    private final ConfigurableListableBeanFactory beans;
    private volatile List<TaskHandler<?>> found;

    SpoolHandlers(ConfigurableListableBeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public void afterSingletonsInstantiated() {
        found = find();
    }

    /** The handlers, found now if the singletons are not all instantiated yet. */
    List<TaskHandler<?>> handlers() {
        List<TaskHandler<?>> h = found;
        if (h == null) {
            h = find();
            found = h;
        }
        return h;
    }

    private List<TaskHandler<?>> find() {
        Map<String, TaskHandler<?>> byType = new LinkedHashMap<>();
        for (String name : beans.getBeanNamesForType(TaskHandler.class, true, false)) {
            TaskHandler<?> bean = beans.getBean(name, TaskHandler.class);
            add(byType, wrap(name, bean));
        }
        for (String name : beans.getBeanNamesForType(Object.class, true, false)) {
            if (ScopedProxyUtils.isScopedTarget(name)) {
                continue;
            }
            Class<?> target = AutoProxyUtils.determineTargetClass(beans, name);
            if (target == null || !AnnotationUtils.isCandidateClass(target, SpoolHandler.class)) {
                continue;
            }
            Map<Method, SpoolHandler> methods = MethodIntrospector.selectMethods(target,
                    (MethodIntrospector.MetadataLookup<SpoolHandler>) m -> AnnotatedElementUtils.findMergedAnnotation(m, SpoolHandler.class));
            Class<?> beanType = beans.getType(name, false);
            for (Map.Entry<Method, SpoolHandler> e : methods.entrySet()) {
                add(byType, MethodTaskHandler.of(beans, name, beanType == null ? target : beanType, e.getKey(), e.getValue()));
            }
        }
        return List.copyOf(byType.values());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TaskHandler<?> wrap(String name, TaskHandler bean) {
        BeanTaskHandler<?> h = new BeanTaskHandler<>(name, bean);
        try {
            Task.requireType(h.type());
        } catch (RuntimeException e) {
            throw new IllegalStateException(h + " returns the task type '" + h.type() + "' from type(), which is not valid: "
                    + e.getMessage() + "; return a type name of 1 to 128 characters of [A-Za-z0-9_.:-]");
        }
        if (h.payloadType() == null) {
            throw new IllegalStateException(h + " returns null from payloadType(); return the payload's class, "
                    + "e.g. Welcome.class (JsonElement.class for the raw tree)");
        }
        return h;
    }

    private static void add(Map<String, TaskHandler<?>> byType, TaskHandler<?> h) {
        TaskHandler<?> earlier = byType.putIfAbsent(h.type(), h);
        if (earlier != null) {
            throw new IllegalStateException("two handlers for task type '" + h.type() + "': " + earlier + " and " + h
                    + "; keep one of them (one handler per task type)");
        }
    }
}

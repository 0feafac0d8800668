package dev.spool.spring;

import dev.spool.api.RetryPolicy;
import dev.spool.api.TaskContext;
import dev.spool.api.TaskHandler;

/**
 * A {@link TaskHandler} bean as the worker sees it: every call passes through to the bean. The worker
 * never sees the bean itself, so that its Guice injector does not inject the members Spring has already
 * injected; and messages name the bean.
 */
final class BeanTaskHandler<P> implements TaskHandler<P> {
    private final TaskHandler<P> bean;
    private final String description;

    BeanTaskHandler(String beanName, TaskHandler<P> bean) {
        this.bean = bean;
        this.description = "bean '" + beanName + "' (" + bean.getClass().getName() + ")";
    }

    @Override
    public String type() {
        return bean.type();
    }

    @Override
    public Class<P> payloadType() {
        return bean.payloadType();
    }

    @Override
    public void handle(P payload, TaskContext context) throws Exception {
        bean.handle(payload, context);
    }

    @Override
    public RetryPolicy retryPolicy() {
        return bean.retryPolicy();
    }

    @Override
    public String toString() {
        return description;
    }
}

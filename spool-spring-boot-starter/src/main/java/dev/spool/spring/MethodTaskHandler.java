package dev.spool.spring;

import dev.spool.api.Task;
import dev.spool.api.TaskContext;
import dev.spool.api.TaskHandler;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A {@link SpoolHandler} method as a {@link TaskHandler}. {@link #of} checks the method's signature once,
 * at start-up; each task then looks the bean up (through its proxy, if any) and calls the method.
 */
final class MethodTaskHandler implements TaskHandler<Object> {
    private static final String SHAPE = "declare it as @SpoolHandler(\"type\") void name(Payload payload, TaskContext context)"
            + " (the context may be left out)";

    private final String type;
    private final Class<Object> payloadType;
    private final BeanFactory beans;
    private final String beanName;
    private final Method method;
    private final boolean withContext;
    private final String description;

    private MethodTaskHandler(String type, Class<Object> payloadType, BeanFactory beans, String beanName, Method method,
                              String description) {
        this.type = type;
        this.payloadType = payloadType;
        this.beans = beans;
        this.beanName = beanName;
        this.method = method;
        this.withContext = method.getParameterCount() == 2;
        this.description = description;
    }

    /**
     * The handler of {@code method}, found on the class of bean {@code beanName}, invoked on the bean as
     * {@code beanType} (its proxy's class when it has one).
     *
     * @throws IllegalStateException naming the bean, the method, what is wrong and the fix
     */
    static MethodTaskHandler of(BeanFactory beans, String beanName, Class<?> beanType, Method method, SpoolHandler annotation) {
        String description = "@SpoolHandler method " + signature(method) + " of bean '" + beanName + "'";
        try {
            Task.requireType(annotation.value());
        } catch (RuntimeException e) {
            throw bad(description, "names the task type '" + annotation.value() + "', which is not valid: " + e.getMessage(),
                    "give a type name of 1 to 128 characters of [A-Za-z0-9_.:-], e.g. @SpoolHandler(\"send_welcome\")");
        }
        Class<?>[] params = method.getParameterTypes();
        if (params.length < 1 || params.length > 2 || TaskContext.class.isAssignableFrom(params[0])
                || (params.length == 2 && params[1] != TaskContext.class)) {
            throw bad(description, "takes (" + simpleNames(params) + ")", SHAPE);
        }
        if (method.getReturnType() != void.class) {
            throw bad(description, "returns " + method.getReturnType().getSimpleName(),
                    "return void; set a result with context.setResult(value)");
        }
        Type payload = method.getGenericParameterTypes()[0];
        if (!(payload instanceof Class<?>)) {
            throw bad(description, "takes the generic payload type " + payload.getTypeName()
                            + ", which a task's JSON cannot be decoded into",
                    "wrap it in a record, e.g. record Batch(List<Item> items), and take that");
        }
        Method invocable;
        try {
            invocable = AopUtils.selectInvocableMethod(method, beanType);
        } catch (IllegalStateException e) {
            throw bad(description, "cannot be called through the bean's proxy (" + e.getMessage() + ")",
                    "make it public, or declare it on the interface the proxy implements");
        }
        ReflectionUtils.makeAccessible(invocable);
        @SuppressWarnings("unchecked")
        Class<Object> payloadType = (Class<Object>) ClassUtils.resolvePrimitiveIfNecessary(params[0]);
        return new MethodTaskHandler(annotation.value(), payloadType, beans, beanName, invocable, description);
    }

    private static IllegalStateException bad(String description, String problem, String fix) {
        return new IllegalStateException(description + " " + problem + "; " + fix);
    }

    private static String signature(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName() + "(" + simpleNames(m.getParameterTypes()) + ")";
    }

    private static String simpleNames(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(", "));
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Class<Object> payloadType() {
        return payloadType;
    }

    @Override
    public void handle(Object payload, TaskContext context) throws Exception {
        Object bean = beans.getBean(beanName);
        try {
            if (withContext) {
                method.invoke(bean, payload, context);
            } else {
                method.invoke(bean, payload);
            }
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return description;
    }
}

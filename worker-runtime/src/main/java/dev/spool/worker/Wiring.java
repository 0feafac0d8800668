package dev.spool.worker;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import dev.spool.api.Broker;
import dev.spool.api.QueueInspector;
import dev.spool.api.SpoolException;
import dev.spool.api.TaskHandler;
import dev.spool.api.WorkerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds a worker's object graph, once, at {@link Worker.Builder#build()}:
 * <ol>
 *   <li>opens a class loader over the JARs of the handlers directory (if any);</li>
 *   <li>creates the Guice injector from the runtime's module (binding the {@link Broker}, its
 *       inspector and registry, the {@link Clock} and the {@link MeterRegistry}), the modules given to
 *       the builder, and every {@link Module} declared in {@code META-INF/services/com.google.inject.Module}
 *       on the classpath and in the handler JARs;</li>
 *   <li>creates every {@link TaskHandler} declared for {@code ServiceLoader} through the injector,
 *       plus the instances given to the builder, refusing two handlers for one type;</li>
 *   <li>collects the {@link TaskInterceptor}s declared for {@code ServiceLoader} and bound with a
 *       Guice {@code Multibinder}.</li>
 * </ol>
 */
final class Wiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);

    /** A handler and where it came from. */
    record Registered(TaskHandler<?> handler, String source) {
    }

    final Injector injector;
    final Map<String, Registered> handlers;
    final List<TaskInterceptor> interceptors;
    private final URLClassLoader handlerLoader;

    private Wiring(Injector injector, Map<String, Registered> handlers, List<TaskInterceptor> interceptors,
                   URLClassLoader handlerLoader) {
        this.injector = injector;
        this.handlers = handlers;
        this.interceptors = interceptors;
        this.handlerLoader = handlerLoader;
    }

    static Wiring create(Broker broker, Clock clock, MeterRegistry meters, boolean discover, Path handlersDir,
                         List<Module> extraModules, List<TaskHandler<?>> explicitHandlers) {
        ClassLoader base = Wiring.class.getClassLoader();
        URLClassLoader dirLoader = openHandlersDirectory(handlersDir, base);
        try {
            List<Module> modules = new ArrayList<>();
            modules.add(new AbstractModule() {
                @Override
                protected void configure() {
                    bind(Broker.class).toInstance(broker);
                    bind(QueueInspector.class).toInstance(broker.inspector());
                    bind(WorkerRegistry.class).toInstance(broker.workers());
                    bind(Clock.class).toInstance(clock);
                    bind(MeterRegistry.class).toInstance(meters);
                    Multibinder.newSetBinder(binder(), TaskInterceptor.class);
                }
            });
            modules.addAll(extraModules);
            for (ServiceFiles.Provider<Module> p : providers(discover, dirLoader, base, Module.class)) {
                modules.add(instantiate(p));
            }
            Injector injector;
            try {
                injector = Guice.createInjector(modules);
            } catch (RuntimeException e) {
                throw new SpoolException("cannot create the worker's Guice injector: " + e.getMessage(), e);
            }

            Map<String, Registered> handlers = new TreeMap<>();
            for (TaskHandler<?> h : explicitHandlers) {
                injector.injectMembers(h);
                register(handlers, h, ServiceFiles.sourceOf(h.getClass()) + " (given to Worker.Builder)");
            }
            for (ServiceFiles.Provider<TaskHandler<?>> p : Wiring.<TaskHandler<?>>providers(discover, dirLoader, base, handlerClass())) {
                TaskHandler<?> h;
                try {
                    h = injector.getInstance(p.type());
                } catch (RuntimeException e) {
                    throw new SpoolException("cannot create handler " + p.type().getName() + " from " + p.source()
                            + " through Guice: " + e.getMessage()
                            + " (give it a public no-argument constructor or an @Inject one whose parameters are bound)", e);
                }
                register(handlers, h, p.source());
            }

            List<TaskInterceptor> interceptors = new ArrayList<>();
            for (ServiceFiles.Provider<TaskInterceptor> p : providers(discover, dirLoader, base, TaskInterceptor.class)) {
                interceptors.add(injector.getInstance(p.type()));
            }
            interceptors.addAll(injector.getInstance(Key.get(new TypeLiteral<Set<TaskInterceptor>>() { })));
            return new Wiring(injector, Collections.unmodifiableMap(handlers), List.copyOf(interceptors), dirLoader);
        } catch (RuntimeException | Error e) {
            closeQuietly(dirLoader);
            throw e;
        }
    }

    private static void register(Map<String, Registered> handlers, TaskHandler<?> h, String source) {
        String type;
        try {
            type = h.type();
            dev.spool.api.Task.of(type, "{}"); // validates the type name with the task's own message
        } catch (RuntimeException e) {
            throw new SpoolException("handler " + h.getClass().getName() + " from " + source
                    + " has an invalid type(): " + e.getMessage(), e);
        }
        if (h.payloadType() == null) {
            throw new SpoolException("handler " + h.getClass().getName() + " from " + source
                    + " returns null from payloadType(); return the payload class, e.g. JsonElement.class");
        }
        Registered earlier = handlers.putIfAbsent(type, new Registered(h, source));
        if (earlier != null) {
            throw new SpoolException("two handlers for task type '" + type + "': "
                    + earlier.handler().getClass().getName() + " from " + earlier.source() + " and "
                    + h.getClass().getName() + " from " + source + "; remove one of them (one handler per type)");
        }
        LOG.info("handler for '{}': {} from {}", type, h.getClass().getName(), source);
    }

    private static <T> List<ServiceFiles.Provider<T>> providers(boolean discover, URLClassLoader dirLoader,
                                                                ClassLoader base, Class<T> service) {
        List<ServiceFiles.Provider<T>> out = new ArrayList<>();
        if (discover) {
            out.addAll(ServiceFiles.onClasspath(base, service));
        }
        if (dirLoader != null) {
            out.addAll(ServiceFiles.inJars(dirLoader, service));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Class<TaskHandler<?>> handlerClass() {
        return (Class<TaskHandler<?>>) (Class<?>) TaskHandler.class;
    }

    private static Module instantiate(ServiceFiles.Provider<Module> p) {
        try {
            var ctor = p.type().getDeclaredConstructor();
            ctor.setAccessible(true);
            return ctor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SpoolException("cannot create Guice module " + p.type().getName() + " from " + p.source()
                    + ": " + e + " (a module found by ServiceLoader needs a no-argument constructor)", e);
        }
    }

    private static URLClassLoader openHandlersDirectory(Path dir, ClassLoader parent) {
        if (dir == null) {
            return null;
        }
        if (!Files.isDirectory(dir)) {
            LOG.info("handlers directory {} does not exist; using handlers on the classpath only", dir.toAbsolutePath());
            return null;
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                jars.add(p.toUri().toURL());
            }
        } catch (IOException e) {
            throw new SpoolException("cannot list handlers directory " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        LOG.info("handlers directory {}: {} JAR(s)", dir.toAbsolutePath(), jars.size());
        return new URLClassLoader("spool-handlers", jars.toArray(URL[]::new), parent);
    }

    private static void closeQuietly(URLClassLoader loader) {
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException e) {
                LOG.debug("closing the handlers class loader failed", e);
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(handlerLoader);
    }
}

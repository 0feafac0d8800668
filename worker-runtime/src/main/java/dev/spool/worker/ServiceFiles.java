package dev.spool.worker;

import dev.spool.api.SpoolException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code META-INF/services/<interface>} files the way {@link java.util.ServiceLoader} does,
 * but returns the provider classes (not instances) with the JAR each came from. The worker needs
 * both: classes, so that Guice can create handlers with {@code @Inject} constructors (which
 * ServiceLoader refuses), and the JAR, so that a duplicate handler error can name where each one
 * lives.
 */
final class ServiceFiles {

    /** A provider class and where it was declared. */
    record Provider<T>(Class<? extends T> type, String source) {
    }

    private ServiceFiles() {
    }

    /** Providers of {@code service} visible to {@code loader} (its parents included). */
    static <T> List<Provider<T>> onClasspath(ClassLoader loader, Class<T> service) {
        try {
            return read(loader, service, loader.getResources(resource(service)));
        } catch (IOException e) {
            throw new SpoolException("cannot list " + resource(service) + " on the classpath: " + e.getMessage(), e);
        }
    }

    /** Providers of {@code service} declared in the JARs of {@code loader} itself, not its parents. */
    static <T> List<Provider<T>> inJars(URLClassLoader loader, Class<T> service) {
        try {
            return read(loader, service, loader.findResources(resource(service)));
        } catch (IOException e) {
            throw new SpoolException("cannot list " + resource(service) + " in the handler JARs: " + e.getMessage(), e);
        }
    }

    private static String resource(Class<?> service) {
        return "META-INF/services/" + service.getName();
    }

    private static <T> List<Provider<T>> read(ClassLoader loader, Class<T> service, Enumeration<URL> urls) {
        List<Provider<T>> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (URL url : Collections.list(urls)) {
            if (!seen.add(url.toString())) {
                continue;
            }
            String source = source(url);
            for (String name : classNames(url, source)) {
                Class<?> type;
                try {
                    type = Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new SpoolException(source + " declares " + service.getSimpleName() + " '" + name
                            + "' in " + resource(service) + " but the class cannot be loaded (" + e
                            + "); fix the class name or package the class into the same JAR", e);
                }
                if (!service.isAssignableFrom(type)) {
                    throw new SpoolException(source + " declares '" + name + "' in " + resource(service)
                            + " but it does not implement " + service.getName());
                }
                out.add(new Provider<>(type.asSubclass(service), source));
            }
        }
        return out;
    }

    private static List<String> classNames(URL url, String source) {
        List<String> names = new ArrayList<>();
        try {
            var connection = url.openConnection();
            if (connection instanceof JarURLConnection jar) {
                jar.setUseCaches(false); // do not keep the JAR file open after the handlers directory is closed
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    int hash = line.indexOf('#');
                    String name = (hash >= 0 ? line.substring(0, hash) : line).trim();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
        } catch (IOException e) {
            throw new SpoolException("cannot read " + url + " (from " + source + "): " + e.getMessage(), e);
        }
        return names;
    }

    /** The JAR (or class directory) a service file belongs to, as a readable path. */
    static String source(URL url) {
        String s = url.toString();
        try {
            if (s.startsWith("jar:")) {
                int bang = s.indexOf("!/");
                return Path.of(new URL(s.substring(4, bang)).toURI()).toString();
            }
            if (s.startsWith("file:")) {
                String dir = Path.of(url.toURI()).toString();
                int meta = dir.lastIndexOf("META-INF");
                return meta > 0 ? dir.substring(0, meta - 1) : dir;
            }
        } catch (Exception e) {
            // fall through: show the URL as it is
        }
        return s;
    }

    /** Where {@code type} was loaded from, for objects given directly to the worker. */
    static String sourceOf(Class<?> type) {
        var domain = type.getProtectionDomain();
        var code = domain == null ? null : domain.getCodeSource();
        if (code == null || code.getLocation() == null) {
            return "(unknown location)";
        }
        try {
            return Path.of(code.getLocation().toURI()).toString();
        } catch (Exception e) {
            return code.getLocation().toString();
        }
    }
}

package dev.spool.api.tracing;

import com.google.gson.Gson;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without the OpenTelemetry API on the classpath, enqueue and the attempt hook work as before and no
 * OpenTelemetry class is loaded: {@link AbsentProbe} runs in a class loader over queue-api's classes,
 * its own test classes and Gson only, whose parent is the platform loader (so the test classpath, which
 * has the API, is out of sight). The loader notes every OpenTelemetry name asked of it.
 */
class TracingAbsentTest {

    /** Loads from {@code urls} only, and notes each {@code io.opentelemetry} class asked for. */
    static final class HidingLoader extends URLClassLoader {
        final List<String> askedFor = new CopyOnWriteArrayList<>();

        HidingLoader(URL... urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.opentelemetry.")) {
                askedFor.add(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    static URL whereIs(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void withoutTheApiNothingChangesAndNoOpenTelemetryClassIsLoaded() throws Exception {
        try (HidingLoader loader = new HidingLoader(whereIs(Tracing.class), whereIs(TracingAbsentTest.class),
                whereIs(Gson.class))) {
            Class<?> probe = Class.forName(AbsentProbe.class.getName(), true, loader);
            assertThat(probe.getClassLoader()).as("the probe runs in the hiding loader").isSameAs(loader);
            String saw = ((Callable<?>) probe.getDeclaredConstructor().newInstance()).call().toString();
            assertThat(saw).isEqualTo("available=false ran=true headers=[{tenant=acme}, {}, {}]");
            assertThat(loader.askedFor).as("only the presence check asks, once, and finds nothing")
                    .containsExactly("io.opentelemetry.api.GlobalOpenTelemetry");
        }
    }
}

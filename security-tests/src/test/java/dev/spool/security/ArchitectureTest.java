package dev.spool.security;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The architecture rules that keep Spool safe, checked on the bytecode of every module:
 * <ol>
 *   <li>no Java serialization: no class touches ObjectInputStream / ObjectOutputStream (or XMLDecoder);</li>
 *   <li>no class is loaded by a name that could come from a payload: Class.forName only where
 *       handler provider files are read, and no ClassLoader.loadClass, no reflection-driven
 *       decoding of payloads outside PayloadCodec;</li>
 *   <li>adapters do not depend on each other, the shared Redis core names neither adapter nor client, and
 *       neither the runtime nor the Spring Boot starter names an adapter class (they find backends by
 *       ServiceLoader);</li>
 *   <li>the OpenTelemetry API is optional: only the two classes that make spans name it, so that without
 *       it no OpenTelemetry class is ever loaded.</li>
 * </ol>
 * Main classes come from the module JARs on this test classpath; the test classes of every module
 * are added from {@code <module>/target/test-classes} when they exist (a full build).
 */
class ArchitectureTest {
    static JavaClasses tests;
    static JavaClasses fixture;
    static JavaClasses main;

    @BeforeAll
    static void importClasses() throws IOException {
        main = new ClassFileImporter()
                .withImportOption(l -> !l.contains("/test-classes/"))
                .importPackages("dev.spool");
        Path root = Path.of(System.getProperty("spool.root", ".."));
        List<Path> testDirs;
        try (Stream<Path> modules = Files.list(root)) {
            testDirs = modules.map(m -> m.resolve("target/test-classes")).filter(Files::isDirectory).toList();
        }
        tests = new ClassFileImporter().importLocations(testDirs.stream().map(p -> Location.of(p.toUri()))
                .collect(java.util.stream.Collectors.toSet()));
        fixture = new ClassFileImporter().importClasses(archfixture.Deserializer.class);
    }

    static ArchRule noSerialization(String pkg) {
        return noClasses().that().resideInAPackage(pkg)
                .should().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.beans.XMLDecoder")
                .because("Java deserialization of stored or received bytes runs code; Spool stores tasks as JSON text only");
    }

    static ArchRule noLoadingByName(String pkg) {
        return noClasses().that().resideInAPackage(pkg)
                .and().doNotHaveFullyQualifiedName("dev.spool.worker.ServiceFiles")
                // the presence check of the optional OpenTelemetry API (a constant name), and its test
                .and().doNotHaveFullyQualifiedName("dev.spool.api.tracing.Tracing")
                .and().doNotHaveFullyQualifiedName("dev.spool.api.tracing.TracingAbsentTest")
                .should().callMethod(Class.class, "forName", String.class)
                .orShould().callMethod(Class.class, "forName", String.class, boolean.class, ClassLoader.class)
                .orShould().callMethod(ClassLoader.class, "loadClass", String.class)
                .because("a payload is data: its type selects a registered handler, never a class to load");
    }

    @Test
    void everyModuleIsImported() {
        assertThat(main.stream().map(c -> c.getPackageName()).distinct())
                .contains("dev.spool.api", "dev.spool.api.spi", "dev.spool.api.tracing", "dev.spool.inmemory", "dev.spool.redis.core",
                        "dev.spool.redis.list", "dev.spool.redis.stream", "dev.spool.worker", "dev.spool.worker.cli", "dev.spool.testkit",
                        "dev.spool.testkit.redis", "dev.spool.demo", "dev.spool.spring");
        assertThat(tests.stream().map(c -> c.getPackageName()).distinct())
                .as("test classes of the modules (present in a full build)").contains("dev.spool.security");
    }

    @Test
    void noJavaSerializationAnywhere() {
        noSerialization("dev.spool..").check(main);
        noSerialization("dev.spool..").check(tests);
    }

    @Test
    void classesAreLoadedByNameOnlyFromHandlerProviderFiles() {
        noLoadingByName("dev.spool..").check(main);
        noLoadingByName("dev.spool..").check(tests);
    }

    @Test
    void theRulesCatchAViolation() {
        assertThatThrownBy(() -> noSerialization("archfixture..").check(fixture)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("java.io.ObjectInputStream");
        assertThatThrownBy(() -> noLoadingByName("archfixture..").check(fixture)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Class.forName");
    }

    @Test
    void adaptersDoNotDependOnEachOther() {
        List<String> adapters = List.of("dev.spool.inmemory..", "dev.spool.redis.list..", "dev.spool.redis.stream..");
        for (String a : adapters) {
            String[] others = adapters.stream().filter(o -> !o.equals(a)).toArray(String[]::new);
            noClasses().that().resideInAPackage(a).should().dependOnClassesThat().resideInAnyPackage(others).check(main);
        }
    }

    @Test
    void theSharedRedisCoreNamesNoAdapterAndNoRedisClient() {
        noClasses().that().resideInAPackage("dev.spool.redis.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.spool.redis.list..", "dev.spool.redis.stream..",
                        "redis.clients..", "org.redisson..")
                .because("both adapters build on it: each client stays inside its own adapter")
                .check(main);
    }

    @Test
    void theRuntimeTheStarterTheDashboardAndTheApiNeverNameAnAdapter() {
        noClasses().that().resideInAnyPackage("dev.spool.worker..", "dev.spool.spring..", "dev.spool.dashboard..", "dev.spool.api..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.spool.inmemory..", "dev.spool.redis..",
                        "redis.clients..", "org.redisson..")
                .because("backends are found by ServiceLoader under their short name")
                .check(main);
    }

    /** The classes that make spans, with their nested classes; {@code Tracing} decides whether they load. */
    static final String SPAN_MAKERS = "dev\\.spool\\.api\\.tracing\\.(SpoolTracing|Spans)(\\$.*)?";

    @Test
    void onlyTheSpanMakersNameOpenTelemetry() {
        noClasses().that().resideInAPackage("dev.spool..").and().haveNameNotMatching(SPAN_MAKERS)
                .should().dependOnClassesThat().resideInAPackage("io.opentelemetry..")
                .because("the OpenTelemetry API is an optional dependency: dev.spool.api.tracing.Tracing loads the span "
                        + "makers only when it found the API, and spool.jar runs without it")
                .check(main);
        noClasses().that().haveNameMatching(SPAN_MAKERS)
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.spool.api..", "java..", "io.opentelemetry..")
                .because("the span makers need the domain and the OpenTelemetry API, nothing else")
                .check(main);
    }

    @Test
    void theApiDependsOnGsonCronUtilsAndTheJdkOnly() {
        noClasses().that().resideInAPackage("dev.spool.api..").and().haveNameNotMatching(SPAN_MAKERS)
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.spool.api..", "java..", "com.google.gson..",
                        "com.cronutils..")
                .because("the API parses JSON and, for schedules, cron expressions, and nothing else")
                .check(main);
    }
}

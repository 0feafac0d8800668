package dev.spool.worker;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The runtime finds backends by name; it never names an adapter, and the library never needs the CLI's parts. */
class ArchitectureTest {
    static final JavaClasses RUNTIME = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.spool.worker");

    @Test
    void theRuntimeNeverNamesAnAdapterClass() {
        noClasses().that().resideInAPackage("dev.spool.worker..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.spool.inmemory..", "dev.spool.redis..",
                        "redis.clients..", "org.redisson..")
                .because("backends come from the QueueBackend SPI by name (Spool.connect / Spool.backend)")
                .check(RUNTIME);
    }

    @Test
    void theLibraryDoesNotNeedTheCommandLinesDependencies() {
        noClasses().that().resideInAPackage("dev.spool.worker")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "ch.qos.logback..",
                        "io.micrometer.prometheusmetrics..", "dev.spool.worker.cli..", "io.opentelemetry..")
                .because("an application embedding Worker gets only queue-api, Guice, SLF4J and micrometer-core; "
                        + "it traces through queue-api's Tracing, which needs the OpenTelemetry API only when it is there")
                .check(RUNTIME);
    }
}

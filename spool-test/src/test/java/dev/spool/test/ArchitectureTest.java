package dev.spool.test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The kit's boundaries: it finds the in-memory backend by name, and asks its users for JUnit's API only. */
class ArchitectureTest {
    static final JavaClasses KIT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.spool.test");

    @Test
    void theKitNeverNamesAnAdapterClass() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.spool.inmemory..", "dev.spool.redis..")
                .because("the in-memory backend is opened by name (Spool.connect), like every backend")
                .check(KIT);
    }

    @Test
    void theKitNeedsNoAssertionLibraryNorJUnitsEngine() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.assertj..", "org.hamcrest..",
                        "org.junit.platform..", "org.junit.jupiter.engine..", "org.opentest4j..")
                .because("users add spool-test beside the JUnit they have; its failures are plain AssertionErrors")
                .check(KIT);
    }

    @Test
    void onlyTheKitsApiIsPublic() {
        classes().that().arePublic().should().haveSimpleNameStartingWith("Spool")
                .orShould().haveSimpleNameStartingWith("Enqueued")
                .orShould().haveSimpleNameStartingWith("Drain")
                .orShould().haveSimpleName("ManualClock")
                .orShould().haveSimpleName("Outcome")
                .because("the recording broker, the journal and the drain loop are the kit's own business")
                .check(KIT);
    }
}

package dev.orion.host;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package boundaries of DESIGN.md, checked on the compiled classes of plugin-api and host. */
@AnalyzeClasses(packages = {"dev.orion.api", "dev.orion.host"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule pluginApiDependsOnNothingInTheHost = noClasses()
            .that().resideInAPackage("dev.orion.api..")
            .should().dependOnClassesThat().resideInAPackage("dev.orion.host..");

    @ArchTest
    static final ArchRule theStoreKnowsNothingOfServerCliOrEngine = noClasses()
            .that().resideInAPackage("dev.orion.host.store..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.orion.host.server..", "dev.orion.host.cli..", "dev.orion.host.engine..");
}

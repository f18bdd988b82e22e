package dev.orion.host;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package boundaries of DESIGN.md, checked on the compiled classes of plugin-api and host: the
 * house is one-way (cli → server → services/scripting → engine/client → orchestration → store,
 * nothing upward) and its packages form no cycle. The root package ({@code Orion}, settings and a
 * few shared helpers still living there) is left out of both rules until those helpers move.
 */
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

    @ArchTest
    static final ArchRule theHouseIsOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("cli").definedBy("dev.orion.host.cli..")
            .layer("server").definedBy("dev.orion.host.server..")
            .layer("services").definedBy("dev.orion.host.services..")
            .layer("scripting").definedBy("dev.orion.host.scripting..")
            .layer("engine").definedBy("dev.orion.host.engine..")
            .layer("client").definedBy("dev.orion.host.client..")
            .layer("replay").definedBy("dev.orion.host.replay..")
            .layer("testing").definedBy("dev.orion.host.testing..")
            .layer("metrics").definedBy("dev.orion.host.metrics..")
            .layer("plugins").definedBy("dev.orion.host.plugins..")
            .layer("logging").definedBy("dev.orion.host.logging..")
            .layer("orchestration").definedBy("dev.orion.host.orchestration..")
            .layer("store").definedBy("dev.orion.host.store..")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("server").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("services").mayOnlyBeAccessedByLayers("server", "cli")
            .whereLayer("scripting").mayOnlyBeAccessedByLayers("testing", "server", "cli")
            .whereLayer("engine").mayOnlyBeAccessedByLayers("services", "scripting", "testing", "server", "cli")
            .whereLayer("client").mayOnlyBeAccessedByLayers("services", "scripting", "server", "cli")
            .whereLayer("replay").mayOnlyBeAccessedByLayers("client", "services", "server", "cli")
            .whereLayer("testing").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("metrics").mayOnlyBeAccessedByLayers("services", "server", "cli")
            .whereLayer("plugins").mayOnlyBeAccessedByLayers("scripting", "services", "server", "cli")
            .whereLayer("logging").mayOnlyBeAccessedByLayers("engine", "scripting", "services", "server", "cli")
            .whereLayer("orchestration").mayOnlyBeAccessedByLayers("engine", "client", "replay", "testing", "services",
                    "scripting", "server", "cli")
            .whereLayer("store").mayOnlyBeAccessedByLayers("orchestration", "engine", "client", "replay", "testing",
                    "metrics", "services", "scripting", "server", "cli")
            .ignoreDependency(resideInAPackage("dev.orion.host"), alwaysTrue());

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.orion.host.(*)..").should().beFreeOfCycles();

    /**
     * The CLI reads and changes runs, deployments, work queues, limits, variables, secrets and the
     * policy through the client interface only, so every command follows {@code ORION_API_URL};
     * the store itself is opened by what chooses the client ({@code Clients}, {@code CliContext})
     * and by {@code db}, local by nature.
     */
    @ArchTest
    static final ArchRule theCliReachesTheStoreOnlyThroughTheClient = noClasses()
            .that().resideInAPackage("dev.orion.host.cli..")
            .and().haveNameNotMatching("dev\\.orion\\.host\\.cli\\.(Clients|CliContext|DbCommand)(\\$.*)?")
            .should().dependOnClassesThat(resideInAPackage("dev.orion.host.store")
                    .and(JavaClass.Predicates.simpleNameEndingWith("Store").or(JavaClass.Predicates.simpleName("Database"))))
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.orion.host.server.ServerContext");
}

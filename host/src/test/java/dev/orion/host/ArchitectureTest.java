package dev.orion.host;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.stream.Stream;

/**
 * The package boundaries of DESIGN.md, checked on the compiled classes of plugin-api and host: the
 * root package is the public facade ({@code Orion} and its settings) and nothing else; the house
 * is one-way (cli → server → facade → services/scripting → engine/client → orchestration → store,
 * nothing upward, with the small shared helpers of {@code util} at the bottom) and its top-level
 * packages, the root one among them, form no cycle.
 */
@AnalyzeClasses(packages = {"dev.orion.api", "dev.orion.host"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The layers above services and scripting, which every layer below may be used by. */
    private static final String[] ABOVE_SERVICES = {"facade", "testing", "server", "cli"};

    private static String[] above(String... layers) {
        return Stream.concat(Stream.of(layers), Stream.of(ABOVE_SERVICES)).toArray(String[]::new);
    }

    /** Each top-level package of the host is one slice, the root package (the facade) one of them. */
    private static final SliceAssignment TOP_LEVEL_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals("dev.orion.host")) {
                return SliceIdentifier.of("the facade (root package)");
            }
            if (name.startsWith("dev.orion.host.")) {
                return SliceIdentifier.of(name.substring("dev.orion.host.".length()).split("\\.")[0]);
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the host's top-level packages and its root package";
        }
    };

    @ArchTest
    static final ArchRule pluginApiDependsOnNothingInTheHost = noClasses()
            .that().resideInAPackage("dev.orion.api..")
            .should().dependOnClassesThat().resideInAPackage("dev.orion.host..");

    @ArchTest
    static final ArchRule theRootPackageHoldsTheFacadeOnly = classes()
            .that().resideInAPackage("dev.orion.host")
            .should().haveNameMatching("dev\\.orion\\.host\\.(Orion|OrionSettings|SecuritySettings)(\\$.*)?")
            .because("the root package is the public facade: Orion and its settings; helpers live where they belong");

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
            .layer("testing").definedBy("dev.orion.host.testing..")
            .layer("facade").definedBy("dev.orion.host")
            .layer("services").definedBy("dev.orion.host.services..")
            .layer("scripting").definedBy("dev.orion.host.scripting..")
            .layer("engine").definedBy("dev.orion.host.engine..")
            .layer("client").definedBy("dev.orion.host.client..")
            .layer("replay").definedBy("dev.orion.host.replay..")
            .layer("metrics").definedBy("dev.orion.host.metrics..")
            .layer("plugins").definedBy("dev.orion.host.plugins..")
            .layer("logging").definedBy("dev.orion.host.logging..")
            .layer("variables").definedBy("dev.orion.host.variables..")
            .layer("secrets").definedBy("dev.orion.host.secrets..")
            .layer("limits").definedBy("dev.orion.host.limits..")
            .layer("artifacts").definedBy("dev.orion.host.artifacts..")
            .layer("orchestration").definedBy("dev.orion.host.orchestration..")
            .layer("store").definedBy("dev.orion.host.store..")
            .layer("util").definedBy("dev.orion.host.util..")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("server").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("testing").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("facade").mayOnlyBeAccessedByLayers("testing", "server", "cli")
            .whereLayer("services").mayOnlyBeAccessedByLayers(ABOVE_SERVICES)
            .whereLayer("scripting").mayOnlyBeAccessedByLayers(ABOVE_SERVICES)
            .whereLayer("engine").mayOnlyBeAccessedByLayers(above("services", "scripting"))
            .whereLayer("client").mayOnlyBeAccessedByLayers(above("services", "scripting"))
            .whereLayer("replay").mayOnlyBeAccessedByLayers(above("client", "services", "scripting"))
            .whereLayer("metrics").mayOnlyBeAccessedByLayers(above("services"))
            .whereLayer("plugins").mayOnlyBeAccessedByLayers(above("scripting", "services"))
            .whereLayer("logging").mayOnlyBeAccessedByLayers(above("engine", "scripting", "services"))
            .whereLayer("variables").mayOnlyBeAccessedByLayers(above("engine", "client", "scripting", "services"))
            .whereLayer("secrets").mayOnlyBeAccessedByLayers(above("engine", "client", "scripting", "services"))
            .whereLayer("limits").mayOnlyBeAccessedByLayers(above("engine", "client", "scripting", "services"))
            .whereLayer("artifacts").mayOnlyBeAccessedByLayers(above("engine", "client", "scripting", "services"))
            .whereLayer("orchestration").mayOnlyBeAccessedByLayers(above("engine", "client", "replay", "scripting",
                    "services"))
            .whereLayer("store").mayOnlyBeAccessedByLayers(above("orchestration", "engine", "client", "replay",
                    "metrics", "variables", "secrets", "limits", "artifacts", "scripting", "services"))
            .whereLayer("util").mayOnlyBeAccessedByLayers(above("store", "orchestration", "engine", "client", "replay",
                    "metrics", "plugins", "logging", "variables", "secrets", "limits", "artifacts", "scripting", "services"));

    @ArchTest
    static final ArchRule noPackageCycles = slices().assignedFrom(TOP_LEVEL_PACKAGES).should().beFreeOfCycles();

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

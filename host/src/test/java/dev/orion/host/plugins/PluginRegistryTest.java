package dev.orion.host.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.host.orchestration.LocalOrchestrator;
import dev.orion.host.orchestration.PolicyComposer;
import dev.orion.host.orchestration.PolicyOverrides;
import dev.orion.host.orchestration.RuleEntry;
import dev.orion.host.orchestration.rules.CorePolicies;
import dev.orion.host.store.Database;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {

    @TempDir
    Path dir;

    @Test
    void aRuleFromAPluginJarJoinsThePolicyAndDecides() throws Exception {
        TestPluginJars.delayRulePlugin(dir, "slow-start", "SlowStart");
        try (PluginRegistry plugins = PluginRegistry.load(dir.resolve("plugins"));
             Database db = TestDatabase.SQLITE.open(dir)) {
            assertThat(plugins.plugins()).singleElement().satisfies(p -> {
                assertThat(p.id()).isEqualTo("slow-start");
                assertThat(p.version()).isEqualTo("1.2.3");
                assertThat(p.state()).isEqualTo(PluginInfo.STARTED);
                assertThat(p.extensions()).containsExactly("OrchestrationRule: testplugin.SlowStart");
            });
            List<RuleEntry> extras = plugins.extensions(OrchestrationRule.class).stream()
                    .map(c -> new RuleEntry(c.extension(), c.pluginId())).toList();
            var policy = PolicyComposer.compose(CorePolicies.policySet(), extras, PolicyOverrides.NONE);
            assertThat(policy.flow().getFirst()).satisfies(e -> {
                assertThat(e.name()).isEqualTo("SlowStart");
                assertThat(e.source()).isEqualTo("slow-start");
            });
            try (var orchestrator = new LocalOrchestrator(db, policy::toPolicySet)) {
                RunRow.Builder b = RunRow.builder(UUID.randomUUID(), RunKind.FLOW);
                b.flowName = "etl";
                UUID id = orchestrator.createRun(b.build()).id();
                orchestrator.propose(id, RunKind.FLOW, State.pending(), false);
                var result = orchestrator.propose(id, RunKind.FLOW, State.running(), false);
                assertThat(result.status()).isEqualTo(ResultStatus.WAIT);
                assertThat(result.details().rule()).isEqualTo("SlowStart");
                assertThat(result.details().delaySeconds()).isEqualTo(7.0);
            }
        }
    }

    @Test
    void badPluginsAreReportedWithTheirReasonsAndTheGoodOnesStillWork() throws Exception {
        TestPluginJars.delayRulePlugin(dir, "good", "GoodRule");
        Files.write(dir.resolve("plugins/corrupt.jar"), new byte[] {1, 2, 3, 4, 5});
        TestPluginJars.build(dir, "throws", null, Map.of("Exploding", """
                package testplugin;
                public class Exploding implements dev.orion.api.orchestration.StateListener {
                    public Exploding() { throw new IllegalStateException("no config for Exploding"); }
                    @Override public void onStateChange(dev.orion.api.orchestration.StateChange c) { }
                }
                """), List.of("testplugin.Exploding"));
        TestPluginJars.build(dir, "orphan", "not-installed", Map.of("Orphan", """
                package testplugin;
                public class Orphan implements dev.orion.api.orchestration.StateListener {
                    @Override public void onStateChange(dev.orion.api.orchestration.StateChange c) { }
                }
                """), List.of("testplugin.Orphan"));

        try (PluginRegistry plugins = PluginRegistry.load(dir.resolve("plugins"))) {
            Map<String, PluginInfo> byId = new HashMap<>();
            plugins.plugins().forEach(p -> byId.put(p.id(), p));

            assertThat(byId.get("good").state()).isEqualTo(PluginInfo.STARTED);
            assertThat(byId.get("corrupt.jar").state()).isEqualTo(PluginInfo.FAILED);
            assertThat(byId.get("corrupt.jar").error()).isNotBlank();
            assertThat(byId.get("throws").state()).isEqualTo(PluginInfo.FAILED);
            assertThat(byId.get("throws").error()).contains("no config for Exploding");
            assertThat(byId.get("orphan").state()).isEqualTo(PluginInfo.FAILED);
            assertThat(byId.get("orphan").error()).contains("not-installed");
            assertThat(plugins.extensions(OrchestrationRule.class)).extracting(c -> c.extension().name())
                    .containsExactly("GoodRule");
        }
    }

    @Test
    void noPluginsFolderMeansNoPlugins() {
        try (PluginRegistry plugins = PluginRegistry.load(dir.resolve("absent"))) {
            assertThat(plugins.plugins()).isEmpty();
            assertThat(plugins.extensions(OrchestrationRule.class)).isEmpty();
        }
    }
}

package dev.orion.plugins.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.host.orchestration.LocalOrchestrator;
import dev.orion.host.orchestration.PolicyComposer;
import dev.orion.host.orchestration.PolicyOverrides;
import dev.orion.host.orchestration.RuleEntry;
import dev.orion.host.orchestration.rules.CorePolicies;
import dev.orion.host.plugins.PluginInfo;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.store.Database;
import dev.orion.host.store.RunRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads the built plugin jar through the host's plugin manager and trips the breaker. */
class CircuitBreakerPluginIT {

    @Test
    void afterThreeFailedRunsTheFourthIsCancelledWithTheRuleAndItsReason(@TempDir Path dir) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = Path.of(System.getProperty("orion.plugin.jar"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));

        try (PluginRegistry registry = PluginRegistry.load(plugins);
             Database db = Database.open("jdbc:sqlite:" + dir.resolve("orion.db"))) {
            assertThat(registry.plugins()).singleElement().satisfies(p -> {
                assertThat(p.id()).isEqualTo("rule-circuit-breaker");
                assertThat(p.state()).isEqualTo(PluginInfo.STARTED);
            });
            var extras = registry.extensions(OrchestrationRule.class).stream()
                    .map(c -> new RuleEntry(c.extension(), c.pluginId())).toList();
            var policy = PolicyComposer.compose(CorePolicies.policySet(), extras, PolicyOverrides.NONE);
            assertThat(policy.flow()).anySatisfy(e -> {
                assertThat(e.name()).isEqualTo("CircuitBreaker");
                assertThat(e.source()).isEqualTo("rule-circuit-breaker");
            });

            try (var orchestrator = new LocalOrchestrator(db, policy::toPolicySet)) {
                for (int i = 0; i < 3; i++) {
                    UUID id = newRun(orchestrator, "flaky");
                    assertThat(orchestrator.propose(id, RunKind.FLOW, State.pending(), false).isAccepted()).isTrue();
                    orchestrator.propose(id, RunKind.FLOW, State.running(), false);
                    orchestrator.propose(id, RunKind.FLOW, State.failed("boom " + i), false);
                }
                UUID other = newRun(orchestrator, "healthy");
                assertThat(orchestrator.propose(other, RunKind.FLOW, State.pending(), false).isAccepted()).isTrue();

                UUID fourth = newRun(orchestrator, "flaky");
                OrchestrationResult result = orchestrator.propose(fourth, RunKind.FLOW, State.pending(), false);
                assertThat(result.status()).isEqualTo(ResultStatus.REJECT);
                assertThat(result.state().type()).isEqualTo(StateType.CANCELLED);
                assertThat(result.details().rule()).isEqualTo("CircuitBreaker");
                assertThat(result.details().reason()).contains("3 consecutive failed runs of flow 'flaky'");
                assertThat(orchestrator.readStates(fourth, RunKind.FLOW)).singleElement()
                        .satisfies(s -> assertThat(s.rule()).isEqualTo("CircuitBreaker"));
            }
        }
    }

    private static UUID newRun(LocalOrchestrator orchestrator, String flow) {
        RunRow.Builder b = RunRow.builder(UUID.randomUUID(), RunKind.FLOW);
        b.flowName = flow;
        return orchestrator.createRun(b.build()).id();
    }
}

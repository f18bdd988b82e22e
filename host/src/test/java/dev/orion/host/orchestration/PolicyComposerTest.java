package dev.orion.host.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.RulePosition;
import dev.orion.api.orchestration.TransitionContext;
import dev.orion.host.orchestration.rules.CorePolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyComposerTest {

    static final class Placed extends AbstractOrchestrationRule {
        private final RulePosition position;

        Placed(String name, Set<RunKind> kinds, RulePosition position) {
            super(name, "", kinds, StateType.ALL, true, StateType.ALL);
            this.position = position;
        }

        @Override
        public RulePosition position() {
            return position;
        }

        @Override
        public void beforeTransition(TransitionContext context) {
        }
    }

    private static List<String> names(List<RuleEntry> entries) {
        return entries.stream().map(e -> e.name() + "@" + e.source()).toList();
    }

    @Test
    void pluginRulesGoWhereTheyAskInThePoliciesOfTheirRunKinds() {
        var breaker = new RuleEntry(new Placed("CircuitBreaker", Set.of(RunKind.FLOW), RulePosition.first()), "rule-circuit-breaker");
        var audit = new RuleEntry(new Placed("Audit", RunKind.BOTH, RulePosition.after("CopyScheduledTime")), "rules/audit.js");

        EffectivePolicy policy = PolicyComposer.compose(CorePolicies.policySet(), List.of(breaker, audit), PolicyOverrides.NONE);

        assertThat(names(policy.flow())).startsWith("CircuitBreaker@rule-circuit-breaker", "PreventDuplicateTransitions@core");
        assertThat(names(policy.flow())).containsSubsequence("CopyScheduledTime@core", "Audit@rules/audit.js", "WaitForScheduledTime@core");
        assertThat(names(policy.task())).doesNotContain("CircuitBreaker@rule-circuit-breaker")
                .containsSubsequence("CopyScheduledTime@core", "Audit@rules/audit.js", "WaitForScheduledTime@core");
        assertThat(policy.problems()).isEmpty();
    }

    @Test
    void aMissingAnchorPutsTheRuleLastAndSaysSo() {
        var lost = new RuleEntry(new Placed("Lost", RunKind.BOTH, RulePosition.before("NoSuchRule")), "some-plugin");
        EffectivePolicy policy = PolicyComposer.compose(CorePolicies.policySet(), List.of(lost), PolicyOverrides.NONE);
        assertThat(policy.flow().getLast().name()).isEqualTo("Lost");
        assertThat(policy.problems()).anyMatch(p -> p.contains("Lost") && p.contains("NoSuchRule"));
    }

    @Test
    void theUserCanDisableAndMoveRulesInPolicyJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, """
                {"disabled": ["WaitForScheduledTime"],
                 "moves": [{"rule": "RenameReruns", "before": "CacheRetrieval"}]}
                """);
        EffectivePolicy policy = PolicyComposer.compose(CorePolicies.policySet(), List.of(), PolicyOverrides.load(file));

        assertThat(policy.flow()).extracting(RuleEntry::name).doesNotContain("WaitForScheduledTime");
        assertThat(policy.task()).extracting(RuleEntry::name).doesNotContain("WaitForScheduledTime");
        assertThat(policy.task().getFirst().name()).isEqualTo("RenameReruns");
        assertThat(policy.toPolicySet().task()).hasSize(CorePolicies.task().size() - 1);
    }

    @Test
    void aMalformedMoveIsAClearErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{\"moves\": [{\"rule\": \"RenameReruns\", \"position\": \"middle\"}]}");
        assertThatThrownBy(() -> PolicyOverrides.load(file)).isInstanceOf(OrionException.class)
                .hasMessageContaining("policy.json").hasMessageContaining("middle");
    }

    @Test
    void noPolicyFileMeansNoChanges(@TempDir Path dir) {
        assertThat(PolicyOverrides.load(dir.resolve("policy.json"))).isEqualTo(PolicyOverrides.NONE);
    }
}

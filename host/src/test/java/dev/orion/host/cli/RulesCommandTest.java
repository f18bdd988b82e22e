package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class RulesCommandTest {

    @Test
    void lsJsonListsTheCoreFlowPolicyInPrefectsOrder() throws Exception {
        JsonNode json = rulesJson();

        assertThat(names(json.get("flow"))).containsExactly(
                "PreventDuplicateTransitions", "HandleFlowTerminalStateTransitions",
                "EnforceCancellingToCancelledTransition", "BypassCancellingFlowRunsWithNoInfra",
                "PreventPendingTransitions", "EnsureOnlyScheduledFlowsMarkedLate", "HandlePausingFlows",
                "HandleResumingPausedFlows", "CopyScheduledTime", "WaitForScheduledTime", "RetryFailedFlows");
    }

    @Test
    void lsJsonListsTheCoreTaskPolicyInPrefectsOrder() throws Exception {
        JsonNode json = rulesJson();

        assertThat(names(json.get("task"))).containsExactly(
                "CacheRetrieval", "HandleTaskTerminalStateTransitions", "PreventRunningTasksFromStoppedFlows",
                "SecureTaskConcurrencySlots", "CopyScheduledTime", "WaitForScheduledTime", "RetryFailedTasks",
                "RenameReruns", "UpdateFlowRunTrackerOnTasks", "CacheInsertion", "ReleaseTaskConcurrencySlots");
    }

    @Test
    void everyRuleInJsonHasItsFieldsInOrderAndComesFromCore() throws Exception {
        JsonNode json = rulesJson();

        assertThat(json.properties()).extracting(Map.Entry::getKey).containsExactly("flow", "task", "failed");
        for (JsonNode rule : json.get("flow")) {
            assertThat(rule.properties()).extracting(Map.Entry::getKey)
                    .containsExactly("name", "from", "to", "description", "source");
            assertThat(rule.get("source").asText()).isEqualTo("core");
            assertThat(rule.get("from").isArray()).isTrue();
            assertThat(rule.get("description").asText()).isNotBlank();
        }
    }

    @Test
    void lsJsonShowsStateTypesAsArraysWithNoneForNoStateYet() throws Exception {
        JsonNode wait = rulesJson().get("flow").get(9);

        assertThat(wait.get("name").asText()).isEqualTo("WaitForScheduledTime");
        assertThat(texts(wait.get("from"))).containsExactly("SCHEDULED", "PENDING");
        assertThat(texts(wait.get("to"))).containsExactly("RUNNING");
        assertThat(texts(rulesJson().get("flow").get(0).get("from"))).startsWith("NONE", "SCHEDULED");
    }

    @Test
    void lsPrintsOneAlignedTablePerPolicy() {
        CliResult result = orion("rules", "ls");

        List<String> lines = result.out().lines().toList();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(lines.getFirst()).isEqualTo("Flow run policy (11 rules, in order)");
        assertThat(lines.get(1)).startsWith("#   RULE").contains("FROM", "TO", "SOURCE", "DESCRIPTION");
        assertThat(lines.get(2)).startsWith("1   PreventDuplicateTransitions");
        assertThat(lines.get(12)).startsWith("11  RetryFailedFlows");
        assertThat(lines).contains("Task run policy (11 rules, in order)");
        int column = lines.get(1).indexOf("SOURCE");
        assertThat(lines.subList(2, 13)).allSatisfy(line -> assertThat(line.substring(column)).startsWith("core "));
    }

    @Test
    void rulesOnItsOwnPrintsItsUsageAndExitsWithTwo() {
        CliResult result = orion("rules");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Usage: orion rules").contains("ls");
    }

    private static JsonNode rulesJson() throws Exception {
        CliResult result = orion("rules", "ls", "--json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return new ObjectMapper().readTree(result.out());
    }

    private static List<String> names(JsonNode rules) {
        return StreamSupport.stream(rules.spliterator(), false).map(rule -> rule.get("name").asText()).toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}

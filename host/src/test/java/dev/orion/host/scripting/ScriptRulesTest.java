package dev.orion.host.scripting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.orchestration.RuleEntry;
import dev.orion.host.secrets.SecretCipher;
import dev.orion.host.secrets.Secrets;
import dev.orion.host.store.RunRow;
import dev.orion.host.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules written as .js and .py files in the rules folder, read while Orion runs. */
class ScriptRulesTest {

    @TempDir
    Path dir;

    private Orion orion() {
        return Orion.local(OrionSettings.fromMap(Map.of("ORION_HOME", dir.resolve("home").toString(),
                "ORION_RULES_DIR", dir.resolve("rules").toString())));
    }

    private Path rule(String file, String text) throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Path p = dir.resolve("rules").resolve(file);
        Path tmp = Files.writeString(dir.resolve(file + ".tmp"), text);
        return Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
    }

    private static final String NO_NIGHTLY = """
            rule({
              name: "NoNightly",
              description: "Cancels nightly runs: REASON",
              from: ["NONE", "SCHEDULED"], to: ["PENDING"],
              position: "first",
              before(ctx) {
                if (ctx.flowName() === "nightly") ctx.reject("CANCELLED", "REASON");
              },
            });
            """;

    @Test
    void aRuleAddedEditedOrRemovedInTheRulesFolderDecidesTheNextRunWithoutARestart() throws Exception {
        Flow<Integer> nightly = Flow.of("nightly", () -> 7);
        try (Orion orion = orion()) {
            assertThat(orion.run(nightly, Map.of()).isCompleted()).isTrue();

            rule("no-nightly.js", NO_NIGHTLY.replace("REASON", "nightly runs are paused"));
            awaitFirstFlowRule(orion, "Cancels nightly runs: nightly runs are paused");
            FlowRunOutcome cancelled = orion.run(nightly, Map.of());
            assertThat(cancelled.state().type()).isEqualTo(StateType.CANCELLED);
            assertThat(cancelled.state().message()).isEqualTo("nightly runs are paused");
            assertThat(orion.orchestrator().readStates(cancelled.flowRunId(), RunKind.FLOW))
                    .anySatisfy(s -> assertThat(s.rule()).isEqualTo("NoNightly"));
            assertThat(orion.policies().effective().flow().getFirst()).satisfies(e -> {
                assertThat(e.name()).isEqualTo("NoNightly");
                assertThat(e.source()).endsWith("no-nightly.js");
            });

            rule("no-nightly.js", NO_NIGHTLY.replace("REASON", "still paused, see ticket 12"));
            awaitFirstFlowRule(orion, "Cancels nightly runs: still paused, see ticket 12");
            assertThat(orion.run(nightly, Map.of()).state().message()).isEqualTo("still paused, see ticket 12");

            Files.delete(dir.resolve("rules/no-nightly.js"));
            awaitFlowPolicy(orion, "NoNightly gone", rules -> rules.stream().noneMatch(e -> e.name().equals("NoNightly")));
            assertThat(orion.run(nightly, Map.of()).isCompleted()).isTrue();
        }
    }

    @Test
    void aRuleScriptWithASyntaxErrorIsReportedInOneLineAndTheOtherRulesWork() throws Exception {
        rule("broken.js", "rule({ name: \"Broken\", before(ctx) { ctx.abort( } });\n");
        rule("fine.js", "rule({ name: \"Fine\", to: [\"RUNNING\"], before(ctx) { } });\n");
        List<String> lines = new ArrayList<>();
        try (ScriptRules rules = new ScriptRules(dir.resolve("rules"), lines::add)) {
            assertThat(rules.rules()).extracting(RuleEntry::name).containsExactly("Fine");
            assertThat(rules.failures()).hasSize(1)
                    .hasEntrySatisfying(dir.resolve("rules/broken.js"), why -> assertThat(why).contains("broken.js:1: syntax error"));
            assertThat(lines).singleElement().satisfies(l -> assertThat(l)
                    .startsWith("orion: rule script broken.js failed: ").doesNotContain("\n"));
            assertThat(rules.version()).isEqualTo(rules.version());
        }
    }

    @Test
    void aBrokenEditOfARuleIsReportedAndItsLastGoodVersionKeepsDecidingUntilTheFileIsFixed() throws Exception {
        Flow<Integer> nightly = Flow.of("nightly", () -> 7);
        rule("no-nightly.js", NO_NIGHTLY.replace("REASON", "paused"));
        try (Orion orion = orion()) {
            assertThat(orion.run(nightly, Map.of()).state().message()).isEqualTo("paused");

            rule("no-nightly.js", "rule({ name: \"NoNightly\", before(ctx) { ctx.reject( } });\n");
            await(() -> !orion.policies().failures().isEmpty());
            assertThat(orion.policies().failures()).singleElement().satisfies(f -> {
                assertThat(f.source()).endsWith("no-nightly.js");
                assertThat(f.reason()).contains("syntax error").endsWith("(its last good version keeps deciding)");
            });
            assertThat(orion.run(nightly, Map.of()).state().message()).isEqualTo("paused");

            rule("no-nightly.js", NO_NIGHTLY.replace("REASON", "paused again, fixed"));
            await(() -> orion.policies().failures().isEmpty());
            awaitFirstFlowRule(orion, "Cancels nightly runs: paused again, fixed");
            assertThat(orion.run(nightly, Map.of()).state().message()).isEqualTo("paused again, fixed");
        }
    }

    @Test
    void orionDoesNotStartWhenARuleScriptDoesNotLoadAndRecordsNothing() throws Exception {
        rule("broken.js", "rule({ name: \"Broken\", before(ctx) { ctx.abort( } });\n");
        assertThatThrownBy(this::orion).isInstanceOf(OrionException.class)
                .hasMessageStartingWith("the policy does not load: rule script ")
                .hasMessageContaining("broken.js:1: syntax error")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(dir.resolve("home/orion.db")).doesNotExist();
    }

    private static void await(BooleanSupplier condition) {
        Eventually.until("the rules folder is re-read", Duration.ofMinutes(1), condition::getAsBoolean);
    }

    @Test
    void aRuleThatThrowsAbortsTheTransitionWithItsNameAndMessageInTheDecisionLog() throws Exception {
        rule("budget.js", """
                rule({
                  name: "Budget", to: ["RUNNING"],
                  before(ctx) { throw new Error("no budget left for " + ctx.flowName()); },
                });
                """);
        try (Orion orion = orion()) {
            UUID id = newRun(orion, "spendy", Set.of());
            assertThat(orion.orchestrator().propose(id, RunKind.FLOW, State.pending(), false).isAccepted()).isTrue();
            OrchestrationResult r = orion.orchestrator().propose(id, RunKind.FLOW, State.running(), false);

            assertThat(r.status()).isEqualTo(ResultStatus.ABORT);
            assertThat(r.details().rule()).isEqualTo("Budget");
            assertThat(r.details().reason()).contains("no budget left for spendy");
            orion.orchestrator().flush();
            assertThat(orion.orchestrator().readDecisions(id, RunKind.FLOW)).anySatisfy(d -> {
                assertThat(d.rule()).isEqualTo("Budget");
                assertThat(d.reason()).contains("no budget left for spendy");
            });
            assertThat(orion.orchestrator().readStates(id, RunKind.FLOW)).extracting(s -> s.state().type())
                    .containsExactly(StateType.PENDING);
        }
    }

    @Test
    void aRuleScriptCannotReadSecrets() throws Exception {
        rule("peek.js", """
                rule({
                  name: "Peek", to: ["RUNNING"],
                  before(ctx) {
                    const seen = [];
                    try { seen.push(secret("db-password")); } catch (e) { seen.push("no secret()"); }
                    try { seen.push(Java.type("dev.orion.api.Secrets").get("db-password")); } catch (e) { seen.push("no Java"); }
                    throw new Error("saw: " + seen.join(","));
                  },
                });
                """);
        try (Orion orion = orion()) {
            Secrets.of(orion.database(), SecretCipher.load(
                    dir.resolve("home"), Optional.empty())).set("db-password", "p4ss-in-the-store");
            UUID id = newRun(orion, "peeking", Set.of());
            orion.orchestrator().propose(id, RunKind.FLOW, State.pending(), false);
            OrchestrationResult r = orion.orchestrator().propose(id, RunKind.FLOW, State.running(), false);

            assertThat(r.details().reason()).contains("saw: no secret(),no Java").doesNotContain("p4ss-in-the-store");
        }
    }

    @Test
    void thePythonRuleAndTheBusinessHoursExampleDecideLikeJavaRules() throws Exception {
        rule("python_tag.py", """
                def before(ctx):
                    if ctx.hasTag("frozen"):
                        ctx.reject("CANCELLED", "frozen by " + ctx.flowName())

                rule({"name": "Frozen", "from": ["NONE", "SCHEDULED"], "to": ["PENDING"], "before": before})
                """);
        rule("business-hours.js", Files.readString(Path.of("../scripts/rules/business-hours.js")));
        int hour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
        String window = String.format("%02d:00-%02d:00", (hour + 2) % 24, (hour + 2) % 24 + 1);
        System.setProperty("ORION_RULE_BUSINESS_HOURS", window);
        System.setProperty("ORION_RULE_BUSINESS_DAYS", "1-7");
        try (Orion orion = orion()) {
            UUID frozen = newRun(orion, "etl", Set.of("frozen"));
            OrchestrationResult f = orion.orchestrator().propose(frozen, RunKind.FLOW, State.pending(), false);
            assertThat(f.state().type()).isEqualTo(StateType.CANCELLED);
            assertThat(f.details().rule()).isEqualTo("Frozen");
            assertThat(f.details().reason()).isEqualTo("frozen by etl");

            UUID office = newRun(orion, "report", Set.of("business-hours"));
            OrchestrationResult w = orion.orchestrator().propose(office, RunKind.FLOW, State.pending(), false);
            assertThat(w.status()).isEqualTo(ResultStatus.WAIT);
            assertThat(w.details().rule()).isEqualTo("BusinessHours");
            assertThat(w.details().reason()).contains("outside business hours (" + window + " UTC)");
            assertThat(w.details().delaySeconds()).isBetween(60.0, 2 * 3600.0);

            UUID anytime = newRun(orion, "report", Set.of());
            assertThat(orion.orchestrator().propose(anytime, RunKind.FLOW, State.pending(), false).isAccepted()).isTrue();
        } finally {
            System.clearProperty("ORION_RULE_BUSINESS_HOURS");
            System.clearProperty("ORION_RULE_BUSINESS_DAYS");
        }
    }

    /** Waits until the policy Orion decides with has picked up the rules folder as it now is. */
    private static void awaitFirstFlowRule(Orion orion, String description) {
        awaitFlowPolicy(orion, "the first flow rule described \"" + description + "\"",
                rules -> rules.getFirst().rule().description().equals(description));
    }

    private static void awaitFlowPolicy(Orion orion, String what, Predicate<List<RuleEntry>> holds) {
        Eventually.until(what, () -> holds.test(orion.policies().effective().flow()));
    }

    private static UUID newRun(Orion orion, String flow, Set<String> tags) {
        RunRow.Builder b = RunRow.builder(UUID.randomUUID(), RunKind.FLOW);
        b.flowName = flow;
        b.tags = tags;
        return orion.orchestrator().createRun(b.build()).id();
    }
}

package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesTestCommandTest {

    private static final Path RULE = Path.of("..", "scripts", "rules", "business-hours.js");
    private static final Path CASES = Path.of("..", "scripts", "rules", "business-hours.cases.json");

    @TempDir
    Path dir;

    @Test
    void printsEachCasesDecisionAndExitsZeroWhenAllHold() {
        CliResult result = orion("rules", "test", RULE.toString(), "--cases", CASES.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("ok   lets a tagged run start inside the window: ACCEPT to PENDING/Pending")
                .contains("ok   holds a tagged run on Saturday evening until Monday 09:00: WAIT 133200.0 s by "
                        + "BusinessHours (outside business hours")
                .contains("3 of 3 cases hold");
    }

    @Test
    void exitsOneNamingTheCaseWhoseDecisionDiffers() throws Exception {
        Path cases = Files.writeString(dir.resolve("cases.json"), """
                {"cases": [
                  {"name": "holds", "to": "PENDING", "from": "SCHEDULED", "tags": ["business-hours"],
                   "at": "2026-12-05T20:00:00Z", "expect": {"status": "WAIT"}},
                  {"name": "wrongly expects a start on Saturday", "from": "SCHEDULED", "to": "PENDING",
                   "tags": ["business-hours"], "at": "2026-12-05T20:00:00Z",
                   "expect": {"status": "ACCEPT", "rule": "none"}}
                ]}""");

        CliResult result = orion("rules", "test", RULE.toString(), "--cases", cases.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("FAIL wrongly expects a start on Saturday: WAIT")
                .contains("status ACCEPT expected, got WAIT").contains("rule none expected, got BusinessHours")
                .contains("1 of 2 cases hold");
        assertThat(result.err().strip()).isEqualTo("orion: case 'wrongly expects a start on Saturday' differs");
    }

    @Test
    void jsonGivesEachCaseWithItsDecision() throws Exception {
        CliResult result = orion("rules", "test", RULE.toString(), "--cases", CASES.toString(), "--json");

        JsonNode json = Json.MAPPER.readTree(result.out());
        assertThat(json).hasSize(3);
        assertThat(json.get(1).get("status").asText()).isEqualTo("WAIT");
        assertThat(json.get(1).get("rule").asText()).isEqualTo("BusinessHours");
        assertThat(json.get(1).get("holds").asBoolean()).isTrue();
    }

    @Test
    void aBrokenCaseOrRuleFileIsOneClearLine() throws Exception {
        Path cases = Files.writeString(dir.resolve("bad.json"), "[{\"to\": \"SOMEWHERE\"}]");
        Path broken = Files.writeString(dir.resolve("broken.js"), "rule({name: 'X', before(ctx) {");

        CliResult badCase = orion("rules", "test", RULE.toString(), "--cases", cases.toString());
        CliResult badRule = orion("rules", "test", broken.toString(), "--cases", CASES.toString());
        CliResult missing = orion("rules", "test", dir.resolve("nope.js").toString(), "--cases", CASES.toString());

        assertThat(badCase.exitCode()).isEqualTo(2);
        assertThat(badCase.err().strip()).startsWith("orion: case 'NONE → SOMEWHERE': 'SOMEWHERE' is not a state type");
        assertThat(badRule.exitCode()).isEqualTo(2);
        assertThat(badRule.err().strip()).startsWith("orion: rule script broken.js failed: broken.js:");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).contains("does not exist");
    }
}

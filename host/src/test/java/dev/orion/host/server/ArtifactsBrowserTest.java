package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.Artifacts;
import dev.orion.api.Flow;
import dev.orion.api.Task;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.testing.Heavy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * A run's artifacts in a real browser (headless Chromium): markdown rendered, tables as tables,
 * and markdown holding HTML shown as text, its scripts and handlers never run. The Artifacts page
 * lists the latest of each key and a key's history.
 */
@Heavy
class ArtifactsBrowserTest {

    static final String HOSTILE = """
            # Careful

            <script>document.title = 'pwned'; window.pwnedByScript = true;</script>

            <img src="x" onerror="window.pwnedByHandler = true; document.title = 'pwned'">

            [click me](javascript:window.pwnedByLink=true)
            """;

    static final Task<UUID> WEEKLY = Task.of("weekly", () -> Artifacts.markdown("weekly-report",
            "# Weekly report\n\nSales up **4 %**.\n\n| region | sales |\n| --- | --- |\n| north | 120 |\n", "this week"));
    static final Flow<String> REPORTS = Flow.of("ui-reports", () -> {
        Artifacts.markdown("weekly-report", "# Last week's report", "last week");
        WEEKLY.call();
        Artifacts.table("top-customers", List.of(Map.of("name", "Ada Lovelace", "orders", 12)), "by orders");
        Artifacts.markdown("hostile", HOSTILE, null);
        return "published";
    });

    @TempDir
    Path home;

    @Test
    void aRunsPageRendersItsMarkdownAndTablesAndNeverRunsAScriptAndTheArtifactsPageShowsAKeysHistory() {
        Browser.requireInstalled();
        try (UiFixture orion = UiFixture.start(home, null); Browser browser = Browser.start()) {
            FlowRunOutcome run = orion.orion.engine().runArgs(REPORTS, new Object[0]);
            assertThat(run.result()).isEqualTo("published");

            browser.open(orion.url() + "/#/flow-runs/" + run.flowRunId());
            browser.awaitPage("runs");
            browser.awaitText(By.cssSelector("#artifacts .markdown h1"), "Weekly report");
            assertThat(browser.text(By.cssSelector("#artifacts .markdown strong"))).as("rendered, not shown as **").isEqualTo("4 %");
            assertThat(browser.count(By.cssSelector("#artifacts .markdown table td"))).as("markdown's own table").isEqualTo(2);
            assertThat(browser.awaitText(By.cssSelector("#artifacts table.artifact-table"), "Ada Lovelace")).containsIgnoringCase("orders");
            String hostile = browser.awaitText(By.cssSelector("#artifacts [data-type=markdown]:last-child"), "Careful");
            assertThat(hostile).as("raw HTML is shown as text").contains("<script>document.title = 'pwned'").contains("<img src=");
            assertThat(browser.count(By.cssSelector("#artifacts script"))).isZero();
            assertThat(browser.count(By.cssSelector("#artifacts img"))).isZero();
            assertThat(browser.attribute(By.linkText("click me"), "href")).as("an unsafe link is dropped")
                    .doesNotContain("javascript");
            assertThat(browser.script("return document.title")).isEqualTo("Orion");
            assertThat(browser.script("return [window.pwnedByScript, window.pwnedByHandler, window.pwnedByLink]"
                    + ".every(x => x === undefined)")).isEqualTo(true);
            browser.screenshot("run-artifacts");

            browser.open(orion.url() + "/#/artifacts");
            browser.awaitPage("artifacts");
            String listed = browser.text(By.cssSelector("table.artifacts"));
            assertThat(listed).contains("hostile", "top-customers", "weekly-report", "this week");
            browser.click(By.linkText("weekly-report"));
            browser.awaitText(By.id("artifact-versions"), "Last week's report");
            assertThat(browser.count(By.cssSelector("#artifact-versions .artifact"))).isEqualTo(2);
            assertThat(browser.text(By.cssSelector("#artifact-versions .artifact:first-child h1"))).isEqualTo("Weekly report");
            browser.screenshot("artifact-history");
        }
    }
}

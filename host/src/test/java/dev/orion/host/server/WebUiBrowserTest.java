package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.Flow;
import dev.orion.api.RunContext;
import dev.orion.api.Task;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.testing.Eventually;
import dev.orion.host.testing.Heavy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web UI in a real browser (Debian's headless Chromium through chromedriver) against a real
 * server, with runs made by the engine. Each page leaves a screenshot in
 * {@code host/target/ui-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Heavy
class WebUiBrowserTest {

    @TempDir
    static Path home;

    private UiFixture orion;
    private Browser browser;
    private FlowRunOutcome finished;

    private final AtomicInteger loadAttempts = new AtomicInteger();
    private final Task<Integer> square = Task.of("square", (Integer x) -> x * x);
    private final Task<Integer> load = Task.of("load", (List<Integer> xs) -> {
        if (loadAttempts.incrementAndGet() == 1) {
            throw new IllegalStateException("the warehouse is busy, try again");
        }
        return xs.stream().mapToInt(Integer::intValue).sum();
    }).withRetries(1, Duration.ofMillis(200));
    private final Flow<Integer> etl = Flow.of("ui-etl", (Integer n) -> {
        RunContext.logger().info("squaring {} numbers", n);
        int total = load.call(square.map(IntStream.range(0, n).boxed().toList()));
        RunContext.logger().warn("loaded a total of {}", total);
        return total;
    });

    @BeforeAll
    void startServerBrowserAndARun() {
        if (!Browser.installed()) {
            return; // each test reports itself skipped (or failed in CI), see below
        }
        orion = UiFixture.start(home, null);
        finished = orion.orion.engine().runArgs(etl, new Object[] {4});
        assertThat(finished.isCompleted()).isTrue();
        browser = Browser.start();
    }

    @BeforeEach
    void needsTheBrowser() {
        Browser.requireInstalled();
    }

    @AfterAll
    void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (orion != null) {
                orion.close();
            }
        }
    }

    @Test
    @Order(1)
    void theDashboardListsAFinishedRunWithItsCountsAndChart() {
        browser.open(orion.url() + "/");
        browser.awaitPage("runs");
        String row = browser.awaitText(By.cssSelector("#runs-table tbody tr"), finished.runName());
        assertThat(row).contains("ui-etl").contains("Completed");
        browser.awaitExactText(By.cssSelector("#state-counts [data-state=COMPLETED] .n"), "1");
        browser.await(d -> browser.script("return !!window.Chart && !!window.Chart.getChart('runs-chart')"));
        browser.screenshot("dashboard");

        browser.click(By.cssSelector("#state-counts [data-state=FAILED]"));
        browser.awaitText(By.id("page-info"), "0–0 of 0");
    }

    @Test
    @Order(2)
    void aFlowRunPageShowsTheTimelineTheRetryWithItsRuleAndTheLogs() {
        browser.open(orion.url() + "/#/flow-runs/" + finished.flowRunId());
        browser.awaitPage("runs");
        browser.await(d -> finished.flowRunId().toString().equals(browser.script("return document.body.dataset.timelineReady")));
        browser.awaitExactText(By.id("run-state"), "Completed");
        // Five task runs (four squares and the load), each drawn as a bar.
        browser.await(d -> "5".equals(browser.attribute(By.cssSelector(".timeline"), "data-drawn-rows")));
        String retry = browser.awaitText(By.cssSelector("#task-decisions tr"), "AwaitingRetry");
        assertThat(retry).contains("load-0").contains("RetryFailedTasks");
        browser.await(d -> "4".equals(browser.attribute(By.cssSelector("#graph .graph"), "data-edges")));
        assertThat(browser.awaitText(By.id("state-history"), "Completed")).contains("Running");
        // A result this small is kept in the state itself; the page shows its value.
        browser.awaitText(By.id("run-result"), "14");
        String logs = browser.awaitText(By.id("logs"), "squaring 4 numbers");
        assertThat(logs).contains("loaded a total of 14").contains("the warehouse is busy");
        browser.screenshot("flow-run");

        browser.click(By.cssSelector("#log-level option[value='30']"));
        browser.await(d -> !browser.text(By.id("logs")).contains("squaring 4 numbers"));
        assertThat(browser.text(By.id("logs"))).contains("loaded a total of 14");
    }

    @Test
    @Order(3)
    void aTaskRunPageShowsItsDecisionsAndUpstreamRuns() {
        JsonNode loadRun = orion.client.post("/task_runs/filter",
                "{\"task_runs\": {\"name\": {\"any_\": [\"load-0\"]}}}").body().get(0);
        browser.open(orion.url() + "/#/task-runs/" + loadRun.get("id").asText());
        browser.awaitPage("runs");
        assertThat(browser.awaitText(By.cssSelector("table.decisions"), "RetryFailedTasks"))
                .contains("AwaitingRetry").contains("Retrying");
        browser.await(d -> browser.count(By.cssSelector("table.upstream tbody tr")) == 4);
        browser.screenshot("task-run");
    }

    @Test
    @Order(4)
    void aRunningRunIsCancelledFromItsPageWithoutAReload() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Task<String> slow = Task.of("wait-for-release", () -> release.await(5, TimeUnit.MINUTES) ? "released" : "timed out");
        Flow<String> longRun = Flow.of("ui-long", () -> slow.call());
        CompletableFuture<FlowRunOutcome> outcome = CompletableFuture.supplyAsync(() -> orion.orion.engine().runArgs(longRun, new Object[0]));
        try {
            String id = awaitRunning("ui-long");
            browser.open(orion.url() + "/#/flow-runs/" + id);
            browser.awaitPage("runs");
            browser.awaitText(By.id("run-state"), "Running");
            browser.screenshot("flow-run-running");
            browser.script("window.__sameDocument = true");
            // The head (state and buttons) is redrawn at every poll: the button is found afresh as it is clicked.
            browser.click(By.id("cancel-button"));
            // Cancelling first; the engine running it (it checks every second) ends it Cancelled,
            // and the page shows it without a reload.
            browser.awaitText(By.id("run-state"), "Cancelled");
            assertThat(browser.script("return window.__sameDocument === true")).as("no reload").isEqualTo(true);
            browser.awaitText(By.id("state-history"), "Cancelling");
            assertThat(orion.client.get("/flow_runs/" + id).body().get("state_type").asText()).isEqualTo("CANCELLED");
            browser.screenshot("flow-run-cancelled");
        } finally {
            release.countDown();
            outcome.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(5)
    void theDeploymentsPageTriggersARun() {
        String flowId = orion.client.post("/flows/", "{\"name\": \"ui-etl\"}").body().get("id").asText();
        JsonNode deployment = orion.client.post("/deployments/", "{\"name\": \"nightly\", \"flow_id\": \"" + flowId
                + "\", \"schedule\": {\"interval\": 3600}, \"parameters\": {\"n\": 3}, \"tags\": [\"ui\"]}").body();
        browser.open(orion.url() + "/#/deployments");
        browser.awaitPage("deployments");
        By row = By.cssSelector("tr[data-deployment='ui-etl/nightly']");
        assertThat(browser.text(row)).contains("every 1 h").contains("active");
        browser.click(By.cssSelector("tr[data-deployment='ui-etl/nightly'] .run-button"));
        browser.type(By.cssSelector(".run-form textarea"), "{\"n\": 7}");
        browser.screenshot("deployments-run-form");
        browser.click(By.cssSelector(".run-form .submit-run"));
        String created = browser.text(By.id("created-run"));
        JsonNode runs = orion.client.post("/flow_runs/filter", "{\"flow_runs\": {\"deployment_id\": {\"any_\": [\""
                + deployment.get("id").asText() + "\"]}}}").body();
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("name").asText()).isEqualTo(created);
        assertThat(runs.get(0).get("parameters").get("n").asInt()).isEqualTo(7);
        assertThat(runs.get(0).get("state_type").asText()).isEqualTo("SCHEDULED");
        browser.screenshot("deployments");

        browser.click(By.cssSelector(".schedule-button"));
        browser.awaitText(row, "paused");
        assertThat(orion.client.get("/deployments/" + deployment.get("id").asText()).body().get("is_schedule_active")
                .asBoolean()).isFalse();
    }

    @Test
    @Order(6)
    void theQueuesLimitsPolicyAndPluginsPagesShowWhatTheServerHas() {
        String queueId = orion.client.post("/work_queues/", "{\"name\": \"etl-queue\", \"concurrency_limit\": 2}")
                .body().get("id").asText();
        orion.client.post("/work_queues/" + queueId + "/get_runs", "{\"worker\": \"worker-7\", \"limit\": 0}");
        orion.client.post("/concurrency_limits/", "{\"tag\": \"database\", \"concurrency_limit\": 3}");

        browser.open(orion.url() + "/#/work-queues");
        browser.awaitPage("work-queues");
        assertThat(browser.text(By.cssSelector("tr[data-queue='etl-queue']"))).contains("ready");
        assertThat(browser.text(By.cssSelector("tr[data-queue='etl-queue'] [data-worker='worker-7']")))
                .contains("worker-7").contains("polled").contains("no heartbeat yet");
        browser.screenshot("work-queues");

        browser.open(orion.url() + "/#/concurrency-limits");
        browser.awaitPage("concurrency-limits");
        assertThat(browser.text(By.cssSelector("tr[data-tag='database']"))).contains("0 of 3");
        browser.screenshot("concurrency-limits");

        browser.open(orion.url() + "/#/policy");
        browser.awaitPage("policy");
        assertThat(browser.text(By.cssSelector("tr[data-rule='RetryFailedTasks']"))).contains("core");
        browser.screenshot("policy");
        // The form's candidate disables RetryFailedTasks: the load task's retry is the decision that would change.
        browser.click(By.id("replay-run"));
        browser.awaitText(By.id("replay-summary"), "would differ");
        assertThat(browser.text(By.cssSelector("#replay-result tr[data-rule='RetryFailedTasks']")))
                .contains("RetryFailedTasks");
        String result = browser.text(By.id("replay-result"));
        assertThat(result).containsIgnoringCase("1 × task run RUNNING → FAILED").contains("ACCEPT FAILED/Failed")
                .contains("task run load-0");
        browser.screenshot("policy-replay");

        browser.open(orion.url() + "/#/plugins");
        browser.awaitPage("plugins");
        browser.await(d -> browser.count(By.cssSelector("table.plugins-loaded, table.plugins-failed")) == 2);
        browser.screenshot("plugins");
    }

    @Test
    @Order(7)
    void withAnApiKeyTheUiAsksForItOnceAndSendsItOnEveryCall(@TempDir Path keyedHome) {
        try (UiFixture keyed = UiFixture.start(keyedHome, "s3cret")) {
            keyed.orion.engine().runArgs(etl, new Object[] {2});
            browser.open(keyed.url() + "/");
            browser.type(By.id("key-input"), "wrong");
            browser.click(By.id("key-submit"));
            browser.awaitElement(By.id("key-error"));
            browser.screenshot("api-key");
            browser.type(By.id("key-input"), "s3cret");
            browser.click(By.id("key-submit"));
            browser.awaitPage("runs");
            browser.click(By.cssSelector("#runs-table a.run-link"));
            browser.awaitPage("runs");
            browser.awaitElement(By.id("timeline-canvas"));
            browser.await(d -> d.findElements(By.id("key-dialog")).stream().noneMatch(WebElement::isDisplayed));
            assertThat(browser.script("return sessionStorage.getItem('orion.apiKey')")).isEqualTo("s3cret");
        } finally {
            browser.script("sessionStorage.clear()");
        }
    }

    @Test
    @Order(8)
    void withAReadOnlyKeyTheUiShowsRunsAndDeploymentsButNoActionItCannotCarryOut(@TempDir Path keyedHome) {
        try (UiFixture keyed = UiFixture.start(keyedHome, "s3cret", "look-only")) {
            keyed.orion.engine().runArgs(etl, new Object[] {2});
            String flowId = keyed.client.post("/flows/", "{\"name\": \"ui-etl\"}").body().get("id").asText();
            keyed.client.post("/deployments/", "{\"name\": \"nightly\", \"flow_id\": \"" + flowId
                    + "\", \"entrypoint\": \"flow:ui-etl\", \"schedule\": {\"interval\": 3600}}");
            browser.open(keyed.url() + "/");
            browser.type(By.id("key-input"), "look-only");
            browser.click(By.id("key-submit"));
            browser.awaitPage("runs");
            browser.click(By.cssSelector("#runs-table a.run-link"));
            browser.awaitPage("runs");
            browser.awaitElement(By.id("timeline-canvas"));
            assertThat(browser.script("return document.body.dataset.access")).isEqualTo("read");
            browser.await(d -> !d.findElement(By.id("cancel-button")).isDisplayed()
                    && !d.findElement(By.id("rerun-button")).isDisplayed());
            browser.screenshot("read-only-run");

            browser.open(keyed.url() + "/#/deployments");
            browser.awaitPage("deployments");
            By row = By.cssSelector("tr[data-deployment='ui-etl/nightly']");
            browser.awaitElement(row);
            browser.await(d -> {
                WebElement r = d.findElement(row);
                return !r.findElement(By.cssSelector(".run-button")).isDisplayed()
                        && !r.findElement(By.cssSelector(".schedule-button")).isDisplayed();
            });
        } finally {
            browser.script("sessionStorage.clear()");
        }
    }

    private String awaitRunning(String flow) {
        return Eventually.value("flow '" + flow + "' running", () -> {
            JsonNode runs = orion.client.post("/flow_runs/filter", "{\"flows\": {\"name\": {\"any_\": [\"" + flow
                    + "\"]}}, \"flow_runs\": {\"state\": {\"type\": {\"any_\": [\"RUNNING\"]}}}}").body();
            return runs.isEmpty() ? null : runs.get(0).get("id").asText();
        });
    }
}

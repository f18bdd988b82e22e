package dev.orion.host.server;

import dev.orion.api.Flow;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.host.engine.FlowRunOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.openqa.selenium.By;

/**
 * How fast the web UI opens in headless Chromium on this machine: a flow run with 10,000 task
 * runs (a map and a reducer over all of them, so 10,000 upstream edges) until its timeline is
 * drawn, and the runs dashboard over 100 and over 100,000 stored flow runs. Each figure is the
 * page's own {@code performance.now()} when it is drawn (from the start of navigation: HTML,
 * modules, API calls, JSON, canvas), median of 5 loads after one warm-up. Not a test: run with
 * {@code scripts/bench/ui.sh}.
 */
public final class UiBenchmark {

    static final Task<Integer> inc = Task.of("inc", (Integer i) -> i + 1);
    static final Task<Integer> total = Task.of("total", (List<Integer> xs) -> xs.stream().mapToInt(Integer::intValue).sum());
    static final Flow<Integer> wide = Flow.of("bench-wide", (Integer n) -> {
        List<TaskFuture<Integer>> futures = inc.map(IntStream.range(0, n).boxed().toList());
        return total.call(futures);
    });

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path home = Files.createTempDirectory("orion-ui-bench-");
        try (UiFixture orion = UiFixture.start(home, null); Browser browser = Browser.start()) {
            long t0 = System.nanoTime();
            FlowRunOutcome run = orion.orion.engine().runArgs(wide, new Object[] {tasks});
            System.out.printf("flow run with %,d task runs made in %.1f s (%s)%n", tasks + 1,
                    (System.nanoTime() - t0) / 1e9, run.state().name());
            String url = orion.url() + "/#/flow-runs/" + run.flowRunId();
            List<Double> page = new ArrayList<>();
            List<Double> render = new ArrayList<>();
            List<Double> wall = new ArrayList<>();
            for (int i = 0; i <= 5; i++) {
                browser.open("about:blank");
                long w = System.nanoTime();
                browser.open(url);
                browser.await(d -> run.flowRunId().toString().equals(browser.script("return document.body.dataset.timelineReady")));
                double wallMs = (System.nanoTime() - w) / 1e6;
                double pageMs = Double.parseDouble((String) browser.script("return document.body.dataset.timelineMs"));
                double renderMs = Double.parseDouble((String) browser.script("return document.body.dataset.timelineRenderMs"));
                if (i > 0) {
                    page.add(pageMs);
                    render.add(renderMs);
                    wall.add(wallMs);
                }
            }
            String rows = browser.driver.findElement(By.cssSelector(".timeline")).getAttribute("data-drawn-rows");
            String overview = browser.driver.findElement(By.cssSelector(".timeline")).getAttribute("data-overview-ms");
            browser.screenshot("bench-flow-run-" + tasks);
            System.out.printf("flow run page, %,d task runs, timeline drawn: %.0f ms from navigation (median; min %.0f, max %.0f),"
                            + " %.0f ms of it the page's own fetch+draw, %.0f ms as seen by WebDriver; %s rows drawn,"
                            + " state overview of all task runs %s ms%n",
                    tasks + 1, median(page), min(page), max(page), median(render), median(wall), rows, overview);

            dashboard(orion, browser, 100);
            dashboard(orion, browser, 100_000);
        }
    }

    /** Fills the store up to {@code runs} flow runs (copies of the benchmark run) and times the dashboard. */
    private static void dashboard(UiFixture orion, Browser browser, int runs) throws Exception {
        orion.db.writer().flush();
        long have = orion.db.query("SELECT COUNT(*) FROM flow_run", ps -> { }, rs -> rs.getLong(1)).getFirst();
        String template = orion.db.query("SELECT id FROM flow_run LIMIT 1", ps -> { }, rs -> rs.getString(1)).getFirst();
        try (Connection c = orion.db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO flow_run (id, flow_id, flow_name, name, parameters, "
                    + "tags, policy, state_type, state_name, state_timestamp, run_count, start_time, end_time, "
                    + "expected_start_time, total_run_time_us, created, updated) SELECT ?, flow_id, flow_name, ?, parameters, "
                    + "tags, policy, state_type, state_name, state_timestamp, run_count, start_time - ?, end_time - ?, "
                    + "expected_start_time - ?, total_run_time_us, created - ?, updated FROM flow_run WHERE id = ?")) {
                for (long i = have; i < runs; i++) {
                    long back = i * 5_000_000L; // one run every 5 s into the past
                    ps.setString(1, UUID.randomUUID().toString());
                    ps.setString(2, "copy-" + i);
                    ps.setLong(3, back);
                    ps.setLong(4, back);
                    ps.setLong(5, back);
                    ps.setLong(6, back);
                    ps.setString(7, template);
                    ps.addBatch();
                    if (i % 5_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        List<Double> page = new ArrayList<>();
        for (int i = 0; i <= 5; i++) {
            browser.open("about:blank");
            browser.open(orion.url() + "/#/?range=30d");
            browser.await(d -> browser.script("return document.body.dataset.dashboardMs") != null);
            if (i > 0) {
                page.add(Double.parseDouble((String) browser.script("return document.body.dataset.dashboardMs")));
            }
        }
        browser.screenshot("bench-dashboard-" + runs);
        System.out.printf("dashboard over %,d flow runs (counts, 60-bucket chart, first page of 50): %.0f ms from navigation"
                + " (median; min %.0f, max %.0f); %s%n", runs, median(page), min(page), max(page),
                browser.driver.findElement(By.id("page-info")).getText());
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    private static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}

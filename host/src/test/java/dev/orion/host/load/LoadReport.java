package dev.orion.host.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a load and fault run came to, from the API and from the flow's execution log (one line
 * {@code "<i> <task>"} each time a task's body started): the problems found, if any, and the
 * figures. A task may execute twice only when it was in progress on the killed worker: its task
 * run was declared Crashed with its flow run. Immutable.
 *
 * @param problems what went wrong; empty when the run met every expectation
 */
record LoadReport(LoadPlan plan, List<String> problems, int runs, double runsPerSecond, Duration p50, Duration p99,
                  Duration runP50,
                  String victim, int killedRuns, int claimedUnmarked, int rescheduled, int crashedTasks,
                  int reexecutedTasks, String restartedServer, Duration downtime, Duration wall, String logTails) {

    static final List<String> TASKS = List.of("extract", "transform", "validate", "load", "report");

    static LoadReport collect(LoadApi api, LoadPlan plan, Path executionLog, String victim, Set<String> killed,
                              String restartedServer, Duration downtime, Instant firstCreate, Duration wall) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> runs = api.runs(Set.of());
        Map<String, Integer> executions = executions(executionLog);
        Map<String, String> indexOf = new HashMap<>();
        List<Duration> startDelays = new ArrayList<>();
        List<Duration> durations = new ArrayList<>();
        Instant lastEnd = firstCreate;
        for (JsonNode run : runs) {
            String id = run.get("id").asText();
            indexOf.put(id, run.path("parameters").path("i").asText());
            String state = run.path("state_type").asText();
            if (!state.equals("COMPLETED")) {
                problems.add("run " + id + " (i=" + indexOf.get(id) + ") ended " + state + ", not COMPLETED"
                        + (LoadApi.TERMINAL.contains(state) ? "" : " (stuck)"));
            }
            if (!killed.contains(id) && run.path("run_count").asInt() != 1) {
                problems.add("run " + id + " of a live worker ran " + run.path("run_count").asInt() + " times: "
                        + api.stateNames("flow", id));
            }
            Instant start = LoadApi.time(run, "start_time");
            Instant expected = LoadApi.time(run, "expected_start_time");
            Instant end = LoadApi.time(run, "end_time");
            if (start != null && expected != null) {
                startDelays.add(Duration.between(expected, start));
            }
            if (start != null && end != null && run.path("run_count").asInt() == 1) {
                durations.add(Duration.between(start, end));
            }
            if (end != null && end.isAfter(lastEnd)) {
                lastEnd = end;
            }
        }
        if (runs.size() != plan.runs()) {
            problems.add(runs.size() + " flow runs exist, " + plan.runs() + " were created");
        }
        if (killed.isEmpty()) {
            problems.add("the killed worker " + victim + " was executing no run at the kill");
        }

        // Every Crashed run must be the killed worker's: executing there (marked with its pid) at the
        // kill, or claimed by it but not marked yet (Crashed straight from Pending). Their task runs
        // that were in progress were Crashed with them, and only those may execute twice.
        Set<String> mayRunTwice = new HashSet<>();
        int rescheduled = 0;
        int claimedUnmarked = 0;
        for (JsonNode run : runs) {
            String id = run.get("id").asText();
            List<String> states = api.stateNames("flow", id);
            int crash = states.indexOf("Crashed");
            if (crash < 0) {
                if (killed.contains(id)) {
                    problems.add("run " + id + " of the killed worker was never Crashed: " + states);
                }
                continue;
            }
            if (!killed.contains(id)) {
                if (states.subList(0, crash).contains("Running")) {
                    problems.add("run " + id + " was Crashed though its worker was alive: " + states);
                }
                claimedUnmarked++;
            }
            if (states.contains("AwaitingRetry")) {
                rescheduled++;
            }
            for (JsonNode task : api.taskRuns(id)) {
                if (api.stateNames("task", task.get("id").asText()).contains("Crashed")) {
                    mayRunTwice.add(indexOf.get(id) + " " + task.get("task_key").asText());
                }
            }
        }

        if (killed.size() + claimedUnmarked > plan.workerLimit()) {
            problems.add((killed.size() + claimedUnmarked) + " runs were Crashed, more than the " + plan.workerLimit()
                    + " the killed worker could hold: runs of live workers were declared Crashed");
        }

        int reexecuted = 0;
        for (String i : indexOf.values()) {
            for (String task : TASKS) {
                String key = i + " " + task;
                int n = executions.getOrDefault(key, 0);
                if (n == 0) {
                    problems.add("task " + task + " of run i=" + i + " never executed");
                } else if (n == 2 && mayRunTwice.contains(key)) {
                    reexecuted++;
                } else if (n > 1) {
                    problems.add("task " + task + " of run i=" + i + " executed " + n + " times"
                            + (mayRunTwice.contains(key) ? "" : " though it was never in progress on the killed worker"));
                }
            }
        }

        double seconds = Math.max(1, Duration.between(firstCreate, lastEnd).toMillis()) / 1000.0;
        startDelays.sort(null);
        durations.sort(null);
        return new LoadReport(plan, List.copyOf(problems), runs.size(), runs.size() / seconds,
                percentile(startDelays, 50), percentile(startDelays, 99), percentile(durations, 50), victim, killed.size(), claimedUnmarked,
                rescheduled, mayRunTwice.size(), reexecuted, restartedServer, downtime, wall, "");
    }

    LoadReport withLogTails(String tails) {
        return new LoadReport(plan, problems, runs, runsPerSecond, p50, p99, runP50, victim, killedRuns, claimedUnmarked,
                rescheduled, crashedTasks, reexecutedTasks, restartedServer, downtime, wall, tails);
    }

    /** The figures and the problems, for people. */
    String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%s: %d runs of 5 tasks, %d server(s), %d worker(s) on %d queue(s), wall %.1f s%n",
                plan.label(), runs, plan.servers(), plan.workers(), plan.queues(), wall.toMillis() / 1000.0));
        b.append(String.format("  %.1f runs/s (first create to last completion); scheduled-to-started p50 %d ms, "
                + "p99 %d ms; a run (started to completed) p50 %d ms%n", runsPerSecond, p50.toMillis(), p99.toMillis(),
                runP50.toMillis()));
        b.append(String.format("  SIGKILLed worker %s: %d run(s) executing and %d claimed, %d rescheduled after "
                + "Crashed; %d task run(s) in progress (Pending or Running) Crashed, %d of them re-executed%n", victim,
                killedRuns, claimedUnmarked, rescheduled, crashedTasks, reexecutedTasks));
        b.append(String.format("  killed and restarted %s: back after %.1f s%n", restartedServer,
                downtime.toMillis() / 1000.0));
        b.append(problems.isEmpty() ? "  no problems\n" : "  " + problems.size() + " problem(s):\n");
        problems.stream().limit(50).forEach(p -> b.append("    ").append(p).append('\n'));
        return b.toString();
    }

    private static Map<String, Integer> executions(Path log) {
        Map<String, Integer> counts = new HashMap<>();
        try {
            for (String line : Files.readAllLines(log)) {
                if (!line.isBlank()) {
                    counts.merge(line.strip(), 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the execution log " + log, e);
        }
        return counts;
    }

    private static Duration percentile(List<Duration> sorted, int p) {
        if (sorted.isEmpty()) {
            return Duration.ZERO;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}

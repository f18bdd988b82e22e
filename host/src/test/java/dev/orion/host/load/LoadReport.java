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
record LoadReport(LoadPlan plan, List<String> problems, Figures figures, Victim victim, String restartedServer,
                  Duration downtime, Duration wall, String logTails) {

    static final List<String> TASKS = List.of("extract", "transform", "validate", "load", "report");

    /**
     * @param runsPerSecond runs from the first create to the last completion
     * @param startP50      median of (start time − expected start time)
     * @param runP50        median of (end time − start time) of the runs that ran once
     */
    record Figures(int runs, double runsPerSecond, Duration startP50, Duration startP99, Duration runP50) {
    }

    /**
     * The killed worker and what became of its runs.
     *
     * @param executing    runs marked with its pid at the kill
     * @param claimed      runs it had claimed but not marked yet (Crashed straight from Pending)
     * @param crashedTasks its task runs in progress (Pending or Running), declared Crashed
     * @param reexecuted   of those, the ones whose body started a second time
     */
    record Victim(String name, int executing, int claimed, int rescheduled, int crashedTasks, int reexecuted) {
    }

    private record Crashes(int rescheduled, int claimed) {
    }

    static LoadReport collect(LoadApi api, LoadPlan plan, Path executionLog, String victim, Set<String> killed,
                              String restartedServer, Duration downtime, Instant firstCreate, Duration wall) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> runs = api.runs(Set.of());
        if (runs.size() != plan.runs()) {
            problems.add(runs.size() + " flow runs exist, " + plan.runs() + " were created");
        }
        Map<String, String> indexOf = new HashMap<>();
        runs.forEach(r -> indexOf.put(r.get("id").asText(), r.path("parameters").path("i").asText()));
        checkEnds(api, runs, killed, problems);

        Set<String> mayRunTwice = new HashSet<>();
        Crashes crashes = checkCrashes(api, runs, indexOf, killed, mayRunTwice, problems);
        if (killed.isEmpty()) {
            problems.add("the killed worker " + victim + " was executing no run at the kill");
        }
        if (killed.size() + crashes.claimed() > plan.workerLimit()) {
            problems.add((killed.size() + crashes.claimed()) + " runs were Crashed, more than the "
                    + plan.workerLimit() + " the killed worker could hold: runs of live workers were declared Crashed");
        }
        int reexecuted = checkExecutions(executions(executionLog), indexOf.values(), mayRunTwice, problems);
        return new LoadReport(plan, List.copyOf(problems), figures(runs, firstCreate),
                new Victim(victim, killed.size(), crashes.claimed(), crashes.rescheduled(), mayRunTwice.size(), reexecuted),
                restartedServer, downtime, wall, "");
    }

    /** Every run Completed (none stuck, none failed); none but the killed worker's ran more than once. */
    private static void checkEnds(LoadApi api, List<JsonNode> runs, Set<String> killed, List<String> problems) {
        for (JsonNode run : runs) {
            String id = run.get("id").asText();
            String state = run.path("state_type").asText();
            if (!state.equals("COMPLETED")) {
                problems.add("run " + id + " (i=" + run.path("parameters").path("i").asText() + ") ended " + state
                        + ", not COMPLETED" + (LoadApi.TERMINAL.contains(state) ? "" : " (stuck)"));
            }
            if (!killed.contains(id) && run.path("run_count").asInt() != 1) {
                problems.add("run " + id + " of a live worker ran " + run.path("run_count").asInt() + " times: "
                        + api.stateNames("flow", id));
            }
        }
    }

    /**
     * Every Crashed run must be the killed worker's: executing there at the kill, or claimed by it
     * but not marked yet (Crashed straight from Pending). Collects the "i task" keys of their task
     * runs that were Crashed with them (the only ones that may execute twice); answers how many
     * runs were rescheduled and how many were claimed but unmarked.
     */
    private static Crashes checkCrashes(LoadApi api, List<JsonNode> runs, Map<String, String> indexOf,
                                      Set<String> killed, Set<String> mayRunTwice, List<String> problems) {
        int rescheduled = 0;
        int claimed = 0;
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
                claimed++;
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
        return new Crashes(rescheduled, claimed);
    }

    /** Every task of every run executed, and only once unless it may run twice; answers how many ran twice. */
    private static int checkExecutions(Map<String, Integer> executions, Iterable<String> indexes,
                                       Set<String> mayRunTwice, List<String> problems) {
        int twice = 0;
        for (String i : indexes) {
            for (String task : TASKS) {
                String key = i + " " + task;
                int n = executions.getOrDefault(key, 0);
                if (n == 0) {
                    problems.add("task " + task + " of run i=" + i + " never executed");
                } else if (n == 2 && mayRunTwice.contains(key)) {
                    twice++;
                } else if (n > 1) {
                    problems.add("task " + task + " of run i=" + i + " executed " + n + " times"
                            + (mayRunTwice.contains(key) ? "" : " though it was never in progress on the killed worker"));
                }
            }
        }
        return twice;
    }

    private static Figures figures(List<JsonNode> runs, Instant firstCreate) {
        List<Duration> startDelays = new ArrayList<>();
        List<Duration> durations = new ArrayList<>();
        Instant lastEnd = firstCreate;
        for (JsonNode run : runs) {
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
        double seconds = Math.max(1, Duration.between(firstCreate, lastEnd).toMillis()) / 1000.0;
        return new Figures(runs.size(), runs.size() / seconds, percentile(startDelays, 50), percentile(startDelays, 99),
                percentile(durations, 50));
    }

    LoadReport withLogTails(String tails) {
        return new LoadReport(plan, problems, figures, victim, restartedServer, downtime, wall, tails);
    }

    /** The figures and the problems, for people. */
    String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%s: %d runs of 5 tasks, %d server(s), %d worker(s) on %d queue(s), wall %.1f s%n",
                plan.label(), figures.runs(), plan.servers(), plan.workers(), plan.queues(), wall.toMillis() / 1000.0));
        b.append(String.format("  %.1f runs/s (first create to last completion); scheduled-to-started p50 %d ms, "
                + "p99 %d ms; a run (started to completed) p50 %d ms%n", figures.runsPerSecond(),
                figures.startP50().toMillis(), figures.startP99().toMillis(), figures.runP50().toMillis()));
        b.append(String.format("  SIGKILLed worker %s: %d run(s) executing and %d claimed, %d rescheduled after "
                + "Crashed; %d task run(s) in progress (Pending or Running) Crashed, %d of them re-executed%n",
                victim.name(), victim.executing(), victim.claimed(), victim.rescheduled(), victim.crashedTasks(),
                victim.reexecuted()));
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

    private static Duration percentile(List<Duration> values, int p) {
        if (values.isEmpty()) {
            return Duration.ZERO;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}

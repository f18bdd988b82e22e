package dev.orion.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.host.client.OrionClient;
import dev.orion.host.engine.Results;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.StateRow;
import dev.orion.host.util.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What {@code orion flow-run inspect} shows, built once as JSON and printed either as JSON or as
 * text: the run, its parameters and result, its state history with the rule that decided each
 * change, its decision log, and its task runs with their states and upstream edges.
 */
final class FlowRunReport {

    private FlowRunReport() {
    }

    /**
     * The report with a page of the task runs: at most {@code limit} from {@code offset} on, and
     * how many there are ({@code task_runs_total}), so a run of a million task runs answers at once.
     */
    static ObjectNode build(OrionClient runs, Results results, RunRow run, int maxTaskHistories, int offset,
            int limit) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("id", run.id().toString());
        root.put("name", run.name());
        root.put("flow", run.flowName());
        root.set("state", state(run.state()));
        root.set("parameters", run.parameters() == null ? null : Json.read(run.parameters(), JsonNode.class));
        if (run.state() != null && run.state().resultRef() != null) {
            root.put("result_ref", run.state().resultRef());
            try {
                root.set("result", results.readJson(run.state().resultRef()));
            } catch (OrionException e) {
                root.put("result_error", e.getMessage());
            }
        }
        root.put("start_time", str(run.startTime()));
        root.put("end_time", str(run.endTime()));
        root.put("run_count", run.runCount());
        root.put("parent_task_run_id", run.parentTaskRunId() == null ? null : run.parentTaskRunId().toString());
        root.set("states", history(runs.states(run.id(), RunKind.FLOW)));
        ArrayNode decisions = root.putArray("decisions");
        for (DecisionRow d : runs.decisions(run.id(), RunKind.FLOW)) {
            decisions.add(decision(d));
        }
        List<RunRow> tasks = runs.taskRuns(run.id(), offset, limit);
        root.put("task_runs_total", offset == 0 && tasks.size() < limit ? tasks.size() : runs.taskRunCount(run.id()));
        root.put("task_runs_offset", offset);
        Map<UUID, String> names = new HashMap<>();
        tasks.forEach(t -> names.put(t.id(), t.name()));
        ArrayNode taskRuns = root.putArray("task_runs");
        for (int i = 0; i < tasks.size(); i++) {
            RunRow t = tasks.get(i);
            ObjectNode n = taskRuns.addObject();
            n.put("id", t.id().toString());
            n.put("name", t.name());
            n.set("state", state(t.state()));
            n.put("start_time", str(t.startTime()));
            n.put("end_time", str(t.endTime()));
            n.put("run_count", t.runCount());
            ArrayNode up = n.putArray("upstream");
            FlowRunCommand.upstream(t, names).forEach(up::add);
            if (i < maxTaskHistories) {
                n.set("states", history(runs.states(t.id(), RunKind.TASK)));
            }
        }
        return root;
    }

    static void print(ObjectNode r, PrintWriter out) {
        out.println("flow run   " + r.path("id").asText() + " (" + r.path("name").asText() + ")");
        out.println("flow       " + r.path("flow").asText());
        out.println("state      " + label(r.path("state")));
        out.println("parameters " + r.path("parameters"));
        if (r.has("result")) {
            out.println("result     " + r.get("result"));
        } else if (r.has("result_error")) {
            out.println("result     (unreadable: " + r.get("result_error").asText() + ")");
        }
        out.println("started    " + r.path("start_time").asText("-") + ", ended " + r.path("end_time").asText("-"));
        out.println();
        out.println("State history (rule that decided each change):");
        FlowRunTable states = new FlowRunTable("  TIME", "STATE", "RULE", "REASON");
        for (JsonNode s : r.path("states")) {
            states.row("  " + s.path("timestamp").asText(), label(s), s.path("rule").asText("-"),
                    s.path("reason").asText("-"));
        }
        states.print(out);
        long interventions = 0;
        for (JsonNode d : r.path("decisions")) {
            if (!"ACCEPT".equals(d.path("status").asText()) || !d.path("rule").isNull()) {
                interventions++;
            }
        }
        if (interventions > 0) {
            out.println();
            out.println("Decisions where a rule intervened:");
            FlowRunTable decisions = new FlowRunTable("  TIME", "PROPOSED", "STATUS", "RESULT", "RULE", "REASON");
            for (JsonNode d : r.path("decisions")) {
                if (!"ACCEPT".equals(d.path("status").asText()) || !d.path("rule").isNull()) {
                    decisions.row("  " + d.path("timestamp").asText(), d.path("proposed").asText(),
                            d.path("status").asText(), d.path("result").asText("-"), d.path("rule").asText("-"),
                            d.path("reason").asText("-"));
                }
            }
            decisions.print(out);
        }
        out.println();
        int shown = r.path("task_runs").size();
        long total = r.path("task_runs_total").asLong(shown);
        long offset = r.path("task_runs_offset").asLong(0);
        out.println(shown == total ? "Task runs (" + total + "):" : "Task runs (" + (shown == 0 ? "none" : (offset + 1)
                + "-" + (offset + shown)) + " of " + total + "; --offset and --limit show others):");
        FlowRunTable tasks = new FlowRunTable("  NAME", "STATE", "UPSTREAM", "HISTORY");
        for (JsonNode t : r.path("task_runs")) {
            String up = upstreamSummary(t.path("upstream"));
            StringBuilder hist = new StringBuilder();
            t.path("states").forEach(s -> hist.append(hist.isEmpty() ? "" : " -> ").append(s.path("name").asText())
                    .append(s.path("rule").isNull() ? "" : " [" + s.path("rule").asText() + "]"));
            tasks.row("  " + t.path("name").asText(), label(t.path("state")), up.isEmpty() ? "-" : up,
                    hist.isEmpty() ? "-" : hist);
        }
        tasks.print(out);
    }

    /** "squares <- square-0, square-1, square-2 +7 more", one group per parameter. */
    private static String upstreamSummary(JsonNode edges) {
        Map<String, List<String>> byParam = new LinkedHashMap<>();
        edges.forEach(e -> {
            String[] parts = e.asText().split(" <- ", 2);
            byParam.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts.length > 1 ? parts[1] : "");
        });
        StringBuilder sb = new StringBuilder();
        byParam.forEach((param, names) -> {
            sb.append(sb.isEmpty() ? "" : "; ").append(param).append(" <- ")
                    .append(String.join(", ", names.subList(0, Math.min(3, names.size()))));
            if (names.size() > 3) {
                sb.append(" +").append(names.size() - 3).append(" more");
            }
        });
        return sb.toString();
    }

    private static String label(JsonNode s) {
        if (s == null || s.isNull() || s.isMissingNode()) {
            return "-";
        }
        String name = s.path("name").asText();
        String type = s.path("type").asText();
        String text = name.equalsIgnoreCase(type) ? name : name + " (" + type + ")";
        return s.path("message").isNull() || s.path("message").isMissingNode() ? text
                : text + ": " + s.path("message").asText();
    }

    private static ArrayNode history(List<StateRow> rows) {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        for (StateRow s : rows) {
            ObjectNode n = state(s.state());
            n.put("rule", s.rule());
            n.put("reason", s.reason());
            arr.add(n);
        }
        return arr;
    }

    private static ObjectNode state(State s) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        if (s == null) {
            return n;
        }
        n.put("type", s.type().name());
        n.put("name", s.name());
        n.put("message", s.message());
        n.put("timestamp", s.timestamp().toString());
        if (s.details().childFlowRunId() != null) {
            n.put("child_flow_run_id", s.details().childFlowRunId().toString());
        }
        if (s.details().scheduledTime() != null) {
            n.put("scheduled_time", s.details().scheduledTime().toString());
        }
        return n;
    }

    private static ObjectNode decision(DecisionRow d) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("timestamp", d.timestamp().toString());
        n.put("from", d.fromName());
        n.put("proposed", d.proposedName());
        n.put("status", d.status().name());
        n.put("result", d.resultName());
        n.put("rule", d.rule());
        n.put("reason", d.reason());
        if (d.delaySeconds() != null) {
            n.put("delay_seconds", d.delaySeconds());
        }
        return n;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}

package dev.orion.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.host.OrionSettings;
import dev.orion.host.client.OrionClient;
import dev.orion.host.engine.Results;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.RunRow;
import dev.orion.host.util.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code orion flow-run ls | inspect ID | logs ID}: what runs there were, and for one of them its
 * parameters, result, state history with the rule behind each change, task runs with their
 * states and upstream edges, and its log. Reads the store, or the server at {@code ORION_API_URL};
 * changes nothing.
 */
@Command(name = "flow-run", mixinStandardHelpOptions = true, description = "List and inspect flow runs.",
        subcommands = {FlowRunCommand.Ls.class, FlowRunCommand.Inspect.class, FlowRunCommand.Logs.class,
            FlowRunCancelCommand.Cancel.class, FlowRunCancelCommand.Resume.class, FlowRunRetryCommand.class})
public final class FlowRunCommand implements Callable<Integer> {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());
    private static final int MAX_TASK_HISTORIES = 500;

    @Spec
    CommandSpec spec;

    private final Supplier<OrionSettings> settings;

    /** Settings from the environment. */
    public FlowRunCommand() {
        this(OrionSettings::fromEnvironment);
    }

    /** Settings from the CLI's context (how {@link CommandFactory} creates it). */
    FlowRunCommand(CliContext context) {
        this(context::settings);
    }

    /** Settings from the supplier (tests, embedders). */
    public FlowRunCommand(Supplier<OrionSettings> settings) {
        this.settings = settings;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /**
     * Opens the store (or the server at {@code ORION_API_URL}), runs {@code body}, and turns an
     * Orion error into a message and exit 2.
     */
    int withRuns(CommandSpec sub, ReadCall body) {
        PrintWriter err = sub.commandLine().getErr();
        try (OrionClient runs = Clients.open(settings.get())) {
            return body.call(runs, new Results(settings.get().storageDir(), Json.MAPPER),
                    sub.commandLine().getOut());
        } catch (OrionException e) {
            err.println("orion: " + e.getMessage());
            return 2;
        }
    }

    @FunctionalInterface
    interface ReadCall {
        int call(OrionClient runs, Results results, PrintWriter out);
    }

    static RunRow findFlowRun(OrionClient runs, String id) {
        UUID uuid = RunIds.parse(id);
        return runs.flowRun(uuid)
                .orElseThrow(() -> new OrionException("no flow run with id " + id + "; see `orion flow-run ls`"));
    }

    static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    static String duration(RunRow r) {
        if (r.startTime() == null) {
            return "-";
        }
        Instant end = r.endTime() == null ? Instant.now() : r.endTime();
        Duration d = Duration.between(r.startTime(), end);
        return d.toMillis() < 10_000 ? d.toMillis() + " ms" : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    static String stateLabel(State s) {
        return s == null ? "-" : s.label();
    }

    // ---- ls ------------------------------------------------------------------------------

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List flow runs, newest first.")
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        FlowRunCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "at most N runs (default 20)")
        int limit;
        @Option(names = "--state", paramLabel = "TYPE", description = "only runs in this state type (e.g. FAILED)")
        String state;
        @Option(names = "--flow", paramLabel = "NAME", description = "only runs of this flow")
        String flow;
        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() {
            if (limit < 1) {
                spec.commandLine().getErr().println("orion: --limit must be at least 1, got " + limit);
                return 2;
            }
            StateType type;
            try {
                type = state == null ? null : StateType.parse(state);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("orion: --state: " + e.getMessage());
                return 2;
            }
            return parent.withRuns(spec, (reader, results, out) -> {
                List<RunRow> runs = reader.flowRuns(limit, type, flow);
                if (json) {
                    ArrayNode arr = Json.MAPPER.createArrayNode();
                    for (RunRow r : runs) {
                        ObjectNode n = arr.addObject();
                        n.put("id", r.id().toString());
                        n.put("name", r.name());
                        n.put("flow", r.flowName());
                        n.put("state_type", r.state() == null ? null : r.state().type().name());
                        n.put("state_name", r.state() == null ? null : r.state().name());
                        n.put("start_time", r.startTime() == null ? null : r.startTime().toString());
                        n.put("end_time", r.endTime() == null ? null : r.endTime().toString());
                    }
                    out.println(arr.toString());
                } else {
                    FlowRunTable t = new FlowRunTable("ID", "FLOW", "NAME", "STATE", "STARTED", "DURATION");
                    for (RunRow r : runs) {
                        t.row(r.id(), r.flowName(), r.name(), stateLabel(r.state()), time(r.startTime()), duration(r));
                    }
                    t.print(out);
                }
                out.flush();
                return 0;
            });
        }
    }

    // ---- inspect -------------------------------------------------------------------------

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Show a flow run: parameters, result, state history with deciding rules, task runs.")
    static final class Inspect implements Callable<Integer> {
        @ParentCommand
        FlowRunCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Option(names = "--json", description = "print JSON")
        boolean json;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
                description = "show at most N task runs (default 1000)")
        int limit;
        @Option(names = "--offset", paramLabel = "N", defaultValue = "0",
                description = "skip the first N task runs (default 0)")
        int offset;

        @Override
        public Integer call() {
            if (limit < 0 || offset < 0) {
                throw new OrionException("--limit and --offset must be 0 or more, got " + limit + " and " + offset);
            }
            return parent.withRuns(spec, (runs, results, out) -> {
                RunRow run = findFlowRun(runs, id);
                ObjectNode report = FlowRunReport.build(runs, results, run, MAX_TASK_HISTORIES, offset, limit);
                if (json) {
                    out.println(report.toString());
                } else {
                    FlowRunReport.print(report, out);
                }
                out.flush();
                return 0;
            });
        }
    }

    // ---- logs ----------------------------------------------------------------------------

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a flow run's log, oldest first.")
    static final class Logs implements Callable<Integer> {
        @ParentCommand
        FlowRunCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Option(names = "--json", description = "print JSON lines")
        boolean json;

        @Override
        public Integer call() {
            return parent.withRuns(spec, (runs, results, out) -> {
                RunRow run = findFlowRun(runs, id);
                Map<UUID, String> taskNames = new HashMap<>();
                for (RunRow t : runs.taskRuns(run.id())) {
                    taskNames.put(t.id(), t.name());
                }
                for (LogRow l : runs.logs(run.id())) {
                    String source = l.taskRunId() == null ? run.name()
                            : taskNames.getOrDefault(l.taskRunId(), l.taskRunId().toString());
                    if (json) {
                        ObjectNode n = Json.MAPPER.createObjectNode();
                        n.put("timestamp", l.timestamp().toString());
                        n.put("level", l.level());
                        n.put("run", source);
                        n.put("task_run_id", l.taskRunId() == null ? null : l.taskRunId().toString());
                        n.put("message", l.message());
                        out.println(n.toString());
                    } else {
                        out.println(time(l.timestamp()) + " " + String.format("%-5s", l.level()) + " " + source
                                + " - " + l.message());
                    }
                }
                out.flush();
                return 0;
            });
        }
    }

    static List<String> upstream(RunRow task, Map<UUID, String> names) {
        List<String> edges = new ArrayList<>();
        if (task.taskInputs() == null || task.taskInputs().isBlank()) {
            return edges;
        }
        JsonNode inputs = Json.read(task.taskInputs(), JsonNode.class);
        inputs.properties().forEach(e -> e.getValue().forEach(idNode -> {
            String upstreamId = idNode.isTextual() ? idNode.asText() : idNode.path("id").asText();
            String name;
            try {
                name = names.getOrDefault(UUID.fromString(upstreamId), upstreamId);
            } catch (IllegalArgumentException bad) {
                name = upstreamId;
            }
            edges.add(e.getKey() + " <- " + name);
        }));
        return edges;
    }
}

package dev.orion.host.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.scripting.ScriptLanguage;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.client.OrionClient;
import dev.orion.host.engine.EngineListener;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.engine.HeapExhausted;
import dev.orion.host.plugins.Contribution;
import dev.orion.host.plugins.PluginFlows;
import dev.orion.host.scripting.ScriptFlow;
import dev.orion.host.scripting.ScriptHost;
import dev.orion.host.scripting.ScriptLoadException;
import dev.orion.host.services.Entrypoint;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.RunRow;
import dev.orion.host.util.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code orion run FILE}: compiles a single Java file in memory (or loads a script, in a built-in
 * language or a plugin's), finds its flow, converts the parameters to the flow's declared types
 * and runs it on the embedded store; {@code orion run --flow NAME} runs a flow a plugin ships. Exit code 0
 * when the run Completed, 1 when it Failed, Crashed or was Cancelled, 2 for a usage or input
 * error (including a compile error), in which case no run is created.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a flow from a Java source file or a script (.js, .py, JSR-223) on the embedded store.")
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE[:FLOW]", description = "a .java file declaring a public static Flow, or a script (.js, .mjs, .py, ...); FILE:FLOW picks a flow, as Prefect's entrypoints do")
    Path file;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "a flow parameter (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--params", paramLabel = "JSON", description = "flow parameters as a JSON object")
    String paramsJson;

    @Option(names = "--flow", paramLabel = "NAME",
            description = "which flow, when the file declares several; without FILE, a flow a plugin ships")
    String flowName;

    @Option(names = "--describe", description = "describe the flow and its parameters (types, defaults) instead of running it")
    boolean describe;

    @Option(names = "--json", description = "print the outcome as JSON")
    boolean json;

    private final Supplier<OrionSettings> settings;

    /** Settings from the environment. */
    public RunCommand() {
        this(OrionSettings::fromEnvironment);
    }

    /** Settings from the CLI's context (how {@link CommandFactory} creates it). */
    RunCommand(CliContext context) {
        this(context::settings);
    }

    /** Settings from the supplier (tests, embedders). */
    public RunCommand(Supplier<OrionSettings> settings) {
        this.settings = settings;
    }

    /**
     * Reads Prefect's entrypoint form {@code FILE:FLOW} ({@code etl.py:etl_flow}): when {@code FILE}
     * is a file, {@code FLOW} selects the flow as {@code --flow} does (which wins when both are given).
     */
    private void splitEntrypoint() {
        String text = file.toString();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return;
        }
        Path candidate = Path.of(text.substring(0, colon));
        if (Files.isRegularFile(candidate)) {
            file = candidate;
            if (flowName == null) {
                flowName = text.substring(colon + 1);
            }
        }
    }

    /** {@code --json} lists at most this many task runs (the first); {@code task_runs_total} counts them all. */
    static final int MAX_LISTED_TASK_RUNS = 1_000;

    /** The flow run this command started, once the engine created it. */
    private final AtomicReference<UUID> topRun = new AtomicReference<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (file == null && flowName == null) {
            err.println("orion: give a FILE to run (.java or a script), or --flow NAME for a flow a plugin ships");
            return 2;
        }
        if (file != null && !Files.isRegularFile(file)) {
            splitEntrypoint();
        }
        if (file != null) {
            try {
                FlowSources.requireFile(file);
            } catch (OrionException e) {
                err.println("orion: " + e.getMessage());
                return 2;
            }
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        boolean live = !json && System.console() != null && System.console().isTerminal();
        var orionRef = new AtomicReference<Orion>();
        try (RunProgress progress = live ? new RunProgress(out) : null;
             Orion orion = Orion.local(settings.get(), recordingEntrypoint(progress, orionRef));
             ScriptHost scripts = ScriptHost.create(orion.plugins().extensions(ScriptLanguage.class).stream()
                     .map(Contribution::extension).toList())) {
            orionRef.set(orion);
            Flow<?> flow;
            Object[] args;
            try {
                Resolved resolved = resolve(orion, scripts);
                if (describe) {
                    closeQuietly(progress);
                    FlowDescription.print(out, resolved.flow(), resolved.defaults(), json);
                    return 0;
                }
                flow = resolved.flow();
                args = orion.engine().bind(flow, resolved.values());
            } catch (ScriptLoadException e) {
                closeQuietly(progress);
                err.println(e.getMessage());
                return 2;
            } catch (RunSourceCompiler.CompileException e) {
                closeQuietly(progress);
                e.diagnostics().forEach(err::println);
                return 2;
            } catch (OrionException e) {
                closeQuietly(progress);
                err.println("orion: " + e.getMessage());
                return 2;
            }
            FlowRunOutcome outcome;
            try {
                outcome = orion.engine().runArgs(flow, args);
                orion.orchestrator().flush();
                var diskFailed = orion.crashedByTheDisk(null); // null: checked only; the catch marks the run
                if (diskFailed.isPresent()) {
                    throw diskFailed.get();
                }
            } catch (RuntimeException e) {
                closeQuietly(progress);
                return endedByTheDisk(orion, e, err);
            } catch (OutOfMemoryError e) {
                // Out of the engine's own bookkeeping rather than the flow's body: the run ends as the engine's would.
                closeQuietly(progress);
                return endedByTheHeap(orion, e, err);
            }
            closeQuietly(progress);
            if (HeapExhausted.ended(outcome.state())) {
                err.println("orion: flow run " + outcome.flowRunId() + " crashed: " + outcome.state().message());
                return 1;
            }
            print(out, orion, outcome);
            return outcome.isCompleted() ? 0 : 1;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** The flow, the values to bind (a script's defaults filled in) and the parameters' defaults. */
    private record Resolved(Flow<?> flow, Map<String, Object> values, Map<String, Object> defaults) {

        Resolved(Flow<?> flow, Map<String, Object> values) {
            this(flow, values, flow.defaults());
        }
    }

    /**
     * A run ended by a condition of the database's disk (full, an I/O error, a lock held too
     * long): marks its flow run Crashed in place and prints one line naming the condition and the
     * file, exit 1; any other failure goes on to the error handler.
     */
    private int endedByTheDisk(Orion orion, RuntimeException e, PrintWriter err) {
        var condition = orion.crashedByTheDisk(topRun.get());
        if (condition.isEmpty()) {
            throw e;
        }
        err.println("orion: " + condition.get().getMessage());
        return 1;
    }

    /** A run whose engine ran out of heap: marked Crashed in place, one line naming the heap, exit 1. */
    private int endedByTheHeap(Orion orion, OutOfMemoryError e, PrintWriter err) {
        String message = HeapExhausted.describe(e);
        UUID id = topRun.get();
        if (id != null) {
            try {
                orion.orchestrator().propose(id, RunKind.FLOW, State.crashed("Crashed: " + message), true);
                orion.orchestrator().flush();
            } catch (RuntimeException | OutOfMemoryError notRecorded) {
                // best effort: the line below still says what happened
            }
        }
        err.println("orion: " + (topRun.get() == null ? "" : "flow run " + topRun.get() + " crashed: ") + message);
        return 1;
    }

    /**
     * Passes the engine's news on to {@code progress}, and records on the flow run it starts where
     * its flow came from, so {@code orion flow-run retry} can load it again.
     */
    private EngineListener recordingEntrypoint(RunProgress progress, AtomicReference<Orion> orion) {
        EngineListener next = progress == null ? EngineListener.NONE : progress;
        // A file outside the flows root is not recorded: `flow-run retry` loads only files under it.
        Path root = settings.get().security().flowsDir();
        String entrypoint = file == null ? Entrypoint.PLUGIN_FLOW + flowName
                : file.toAbsolutePath().normalize().startsWith(root) ? Entrypoint.of(root, file, flowName)
                : null;
        return new EngineListener() {
            @Override
            public void runCreated(RunRow run) {
                if (run.kind() == RunKind.FLOW && run.parentTaskRunId() == null) {
                    topRun.compareAndSet(null, run.id());
                }
                if (entrypoint != null && run.kind() == RunKind.FLOW && run.parentTaskRunId() == null
                        && orion.get() != null) {
                    orion.get().orchestrator().updateRun(run.id(), RunKind.FLOW, r -> {
                        var b = r.toBuilder();
                        b.entrypoint = entrypoint;
                        return b.build();
                    });
                }
                next.runCreated(run);
            }

            @Override
            public void stateChanged(UUID runId, RunKind kind, State state) {
                next.stateChanged(runId, kind, state);
            }

            @Override
            public void logged(LogRow line) {
                next.logged(line);
            }
        };
    }

    /** The flow to run: a plugin's by name, a script's, or a Java file's; sets the context class loader to its code's. */
    private Resolved resolve(Orion orion, ScriptHost scripts) {
        if (file == null) {
            PluginFlows flows = PluginFlows.of(orion.plugins());
            PluginFlows.PluginFlow found = flows.find(flowName).orElseThrow(() -> new OrionException(
                    "no flow '" + flowName + "' in the plugins of " + orion.settings().pluginsDir()
                            + (flows.names().isEmpty() ? " (no plugin ships flows; drop a plugin jar there or pass --plugins DIR)"
                            : "; the plugins ship " + flows.names())));
            Thread.currentThread().setContextClassLoader(found.loader());
            return new Resolved(found.flow(), parameters());
        }
        scripts.requireRunnable(file);
        if (scripts.runs(file)) {
            ScriptFlow scriptFlow = scripts.load(file).flow(flowName);
            return new Resolved(scriptFlow.flow(), scriptFlow.complete(parameters()), scriptFlow.complete(Map.of()));
        }
        RunSourceCompiler.Compiled compiled = RunSourceCompiler.compile(file);
        Thread.currentThread().setContextClassLoader(compiled.loader());
        return new Resolved(RunFlowFinder.find(compiled, file, flowName), parameters());
    }

    private static void closeQuietly(RunProgress progress) {
        if (progress != null) {
            progress.close();
        }
    }

    private Map<String, Object> parameters() {
        Map<String, Object> values = new LinkedHashMap<>();
        if (paramsJson != null) {
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(paramsJson);
            } catch (JsonProcessingException e) {
                throw new OrionException("--params must be a JSON object like {\"n\": 10}, got '" + paramsJson + "': "
                        + e.getOriginalMessage(), e);
            }
            if (node == null || !node.isObject()) {
                throw new OrionException("--params must be a JSON object like {\"n\": 10}, got '" + paramsJson + "'");
            }
            node.properties().forEach(e -> values.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), Object.class)));
        }
        values.putAll(params);
        return values;
    }

    private void print(PrintWriter out, Orion orion, FlowRunOutcome o) {
        OrionClient client = orion.client();
        var taskRuns = json ? client.taskRuns(o.flowRunId(), 0, MAX_LISTED_TASK_RUNS) : List.<RunRow>of();
        long total = !json || taskRuns.size() == MAX_LISTED_TASK_RUNS ? client.taskRunCount(o.flowRunId())
                : taskRuns.size();
        if (json) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("flow_run_id", o.flowRunId().toString());
            root.put("flow", o.flowName());
            ObjectNode state = root.putObject("state");
            state.put("type", o.state().type().name());
            state.put("name", o.state().name());
            state.put("message", o.state().message());
            root.set("result", Json.MAPPER.valueToTree(o.result()));
            root.put("duration_ms", o.duration().toMillis());
            root.put("task_runs_total", total);
            ArrayNode tasks = root.putArray("task_runs");
            for (RunRow t : taskRuns) {
                ObjectNode n = tasks.addObject();
                n.put("id", t.id().toString());
                n.put("name", t.name());
                n.put("state", t.state() == null ? null : t.state().name());
            }
            out.println(root.toString());
        } else {
            out.println("flow run " + o.flowRunId() + " (" + o.runName() + ") of flow '" + o.flowName() + "'");
            out.println("state:  " + o.state().label() + (o.state().message() == null ? "" : ": " + o.state().message()));
            if (o.isCompleted()) {
                out.println("result: " + Json.write(o.result()));
            }
            out.println("task runs: " + total + ", took " + o.duration().toMillis() + " ms");
        }
        out.flush();
    }
}

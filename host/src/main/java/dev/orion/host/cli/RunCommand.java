package dev.orion.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.host.Json;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.engine.EngineListener;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.scripting.ScriptFlow;
import dev.orion.host.scripting.ScriptHost;
import dev.orion.host.scripting.ScriptLoadException;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code orion run FILE.java}: compiles a single Java file in memory, finds its flow, converts
 * the parameters to the flow's declared types and runs it on the embedded store. Exit code 0
 * when the run Completed, 1 when it Failed, Crashed or was Cancelled, 2 for a usage or input
 * error (including a compile error), in which case no run is created.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a flow from a Java source file or a script (.js, .py, JSR-223) on the embedded store.")
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "a .java file declaring a public static Flow, or a script (.js, .mjs, .py, ...)")
    Path file;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "a flow parameter (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--params", paramLabel = "JSON", description = "flow parameters as a JSON object")
    String paramsJson;

    @Option(names = "--flow", paramLabel = "NAME", description = "which flow, when the file declares several")
    String flowName;

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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("error: no such file: " + file);
            return 2;
        }
        Flow<?> flow;
        Map<String, Object> values;
        RunSourceCompiler.Compiled compiled;
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (ScriptHost scripts = ScriptHost.isScript(file) ? ScriptHost.create() : null) {
        try {
            if (scripts != null) {
                ScriptFlow scriptFlow = scripts.load(file).flow(flowName);
                flow = scriptFlow.flow();
                values = scriptFlow.complete(parameters());
            } else {
            compiled = RunSourceCompiler.compile(file);
            Thread.currentThread().setContextClassLoader(compiled.loader());
            flow = RunFlowFinder.find(compiled, file, flowName);
            values = parameters();
            }
        } catch (ScriptLoadException e) {
            err.println(e.getMessage());
            return 2;
        } catch (RunSourceCompiler.CompileException e) {
            e.diagnostics().forEach(err::println);
            Thread.currentThread().setContextClassLoader(previous);
            return 2;
        } catch (OrionException e) {
            err.println("error: " + e.getMessage());
            Thread.currentThread().setContextClassLoader(previous);
            return 2;
        }
        boolean live = !json && System.console() != null && System.console().isTerminal();
        try (RunProgress progress = live ? new RunProgress(out) : null;
             Orion orion = Orion.local(settings.get(), progress == null ? EngineListener.NONE : progress)) {
            Object[] args;
            try {
                args = orion.engine().bind(flow, values);
            } catch (OrionException e) {
                if (progress != null) {
                    progress.close();
                }
                err.println("error: " + e.getMessage());
                return 2;
            }
            FlowRunOutcome outcome = orion.engine().runArgs(flow, args);
            if (progress != null) {
                progress.close();
            }
            print(out, orion, outcome);
            return outcome.isCompleted() ? 0 : 1;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        }
    }

    private Map<String, Object> parameters() {
        Map<String, Object> values = new LinkedHashMap<>();
        if (paramsJson != null) {
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(paramsJson);
            } catch (Exception e) {
                throw new OrionException("--params must be a JSON object, got '" + paramsJson + "': "
                        + e.getMessage(), e);
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
        var taskRuns = new RunStore(orion.database()).taskRunsOf(o.flowRunId());
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
            out.println("task runs: " + taskRuns.size() + ", took " + o.duration().toMillis() + " ms");
        }
        out.flush();
    }
}

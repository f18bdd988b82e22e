package dev.orion.host.cli;

import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.host.Orion;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.orchestration.NoSuchRunException;
import dev.orion.host.store.DeploymentRecord;
import dev.orion.host.store.RunRow;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orion flow-run retry ID}: runs a failed, crashed or cancelled flow run again, as the
 * same flow run. Its task runs that completed keep their results and are not executed again
 * (the core policy keeps a completed task run with a stored result completed); the others run.
 */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = "Run a failed, crashed or cancelled flow run again; completed task runs are reused, not re-run.")
final class FlowRunRetryCommand implements Callable<Integer> {

    private static final Set<StateType> RETRYABLE = EnumSet.of(StateType.FAILED, StateType.CRASHED, StateType.CANCELLED);

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "ID", description = "the flow run")
    String id;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    FlowRunRetryCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        UUID runId = RunIds.parse(id);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (Orion orion = Orion.local(context.settings()); FlowSources sources = new FlowSources(orion.plugins(),
                context.settings().security().flowsDir())) {
            RunRow run = orion.orchestrator().readRun(runId, RunKind.FLOW)
                    .orElseThrow(() -> new NoSuchRunException(RunKind.FLOW, runId));
            if (run.state() == null || !RETRYABLE.contains(run.state().type())) {
                throw new OrionException("flow run " + runId + " is " + (run.state() == null ? "new" : run.state().label())
                        + "; only a Failed, Crashed or Cancelled run can be retried");
            }
            String entrypoint = entrypoint(orion, run);
            var resolved = sources.resolve(entrypoint, null);
            Thread.currentThread().setContextClassLoader(resolved.loader());
            Flow<?> flow = resolved.flow();
            FlowRunOutcome outcome = orion.engine().runExisting(flow, runId);
            report(outcome);
            return outcome.isCompleted() ? 0 : 1;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** Where the run's flow came from: recorded by {@code orion run}, or its deployment's entrypoint. */
    private static String entrypoint(Orion orion, RunRow run) {
        if (run.entrypoint() != null) {
            return run.entrypoint();
        }
        if (run.deploymentId() != null) {
            Optional<String> fromDeployment = orion.client().deployment(run.deploymentId())
                    .map(DeploymentRecord::entrypoint);
            if (fromDeployment.isPresent()) {
                return fromDeployment.get();
            }
        }
        throw new OrionException("flow run " + run.id() + " does not say where its flow came from (runs of a "
                + "deployment do, and runs of `orion run` of a file under the flows root ORION_FLOWS_DIR); run the flow "
                + "again with orion run");
    }

    private void report(FlowRunOutcome o) {
        var out = context.out();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("flow_run_id", o.flowRunId());
            m.put("flow", o.flowName());
            m.put("state", Map.of("type", o.state().type(), "name", o.state().name(),
                    "message", String.valueOf(o.state().message())));
            m.put("result", o.result());
            m.put("duration_ms", o.duration().toMillis());
            context.printJson(m);
            return;
        }
        out.println("flow run " + o.flowRunId() + " of flow '" + o.flowName() + "' retried");
        out.println("state:  " + o.state().label() + (o.state().message() == null ? "" : ": " + o.state().message()));
        if (o.isCompleted()) {
            out.println("result: " + o.result());
        }
    }
}

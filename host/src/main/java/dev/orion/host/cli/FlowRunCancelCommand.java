package dev.orion.host.cli;

import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.host.client.OrionClient;
import dev.orion.host.orchestration.NoSuchRunException;
import dev.orion.host.server.model.OrchestrationResultJson;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orion flow-run cancel ID}: a Scheduled run becomes Cancelled at once; a run that is
 * executing becomes Cancelling, and the engine executing it stops its task runs and ends it
 * Cancelled. {@code orion flow-run resume ID} resumes a paused run.
 */
final class FlowRunCancelCommand {

    private FlowRunCancelCommand() {
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a flow run.")
    static final class Cancel implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "ID")
        UUID id;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        Cancel(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return answer(context, id, json, client -> client.propose(id, RunKind.FLOW,
                    State.cancelling("Cancelled with orion flow-run cancel")));
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused flow run.")
    static final class Resume implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "ID")
        UUID id;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        Resume(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return answer(context, id, json, client -> client.resume(id));
        }
    }

    /** Asks the client of the command's mode for a decision on the run, prints it, and exits 0 unless WAIT or ABORT. */
    private static int answer(CliContext context, UUID id, boolean json, Function<OrionClient, OrchestrationResult> ask) {
        OrchestrationResult r;
        try (OrionClient client = Clients.open(context)) {
            r = ask.apply(client);
        } catch (NoSuchRunException e) {
            throw new OrionException("no flow run " + id + "; see orion flow-run ls");
        }
        if (json) {
            context.printJson(OrchestrationResultJson.of(r, id, null));
        } else {
            String state = r.state() == null ? "?" : r.state().name();
            String reason = r.details() == null ? null : r.details().reason();
            context.out().println(r.status() + ": flow run " + id + " is " + state
                    + (reason == null ? "" : " (" + reason + ")"));
        }
        return r.status() == ResultStatus.ACCEPT || r.status() == ResultStatus.REJECT ? 0 : 1;
    }
}

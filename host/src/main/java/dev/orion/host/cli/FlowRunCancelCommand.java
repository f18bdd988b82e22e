package dev.orion.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.OrionException;
import dev.orion.host.client.ApiCallException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
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
            return propose(context, id, json, "/set_state",
                    Map.of("state", Map.of("type", "CANCELLING", "message", "Cancelled with orion flow-run cancel")));
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
            return propose(context, id, json, "/resume", null);
        }
    }

    private static int propose(CliContext context, UUID id, boolean json, String path, Object body) {
        JsonNode r;
        try (ApiSession session = ApiSession.open(context)) {
            r = session.api().post("/flow_runs/" + id + path, body);
        } catch (ApiCallException e) {
            if (e.status() == 404) {
                throw new OrionException("no flow run " + id + "; see orion flow-run ls");
            }
            throw e;
        }
        if (json) {
            context.printJson(r);
        } else {
            String state = r.at("/state/name").asText("?");
            String reason = r.at("/details/reason").asText(null);
            context.out().println(r.get("status").asText() + ": flow run " + id + " is " + state
                    + (reason == null ? "" : " (" + reason + ")"));
        }
        return r.get("status").asText().equals("ACCEPT") || r.get("status").asText().equals("REJECT") ? 0 : 1;
    }
}

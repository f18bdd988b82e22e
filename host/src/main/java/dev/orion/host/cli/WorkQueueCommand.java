package dev.orion.host.cli;

import dev.orion.api.OrionException;
import dev.orion.host.client.OrionClient;
import dev.orion.host.server.api.WorkQueuesApi;
import dev.orion.host.server.model.FlowRunJson;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.WorkQueueRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orion work-queue create | ls | inspect | pause | resume}: the queues scheduled runs wait
 * in until a worker claims them. Talks to the server at {@code ORION_API_URL}, else to the
 * embedded store (no port).
 */
@Command(name = "work-queue", mixinStandardHelpOptions = true,
        description = "Create, list, inspect, pause and resume work queues.")
final class WorkQueueCommand extends ParentCommand {

    private final CliContext context;

    WorkQueueCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a work queue.")
    int create(@Parameters(index = "0", paramLabel = "QUEUE") String name,
               @Option(names = "--concurrency", description = "At most this many of its runs Pending or Running at once.")
               Integer concurrency,
               @Option(names = "--tag", description = "A tag (repeatable).") List<String> tags,
               @Option(names = "--json", description = "Print JSON.") boolean json) {
        if (concurrency != null && concurrency < 0) {
            throw new OrionException("--concurrency must be 0 or more, got " + concurrency);
        }
        WorkQueueRecord q = withClient(client -> client.createWorkQueue(name, concurrency, tags));
        if (json) {
            context.printJson(WorkQueuesApi.json(q));
        } else {
            context.out().println("Created work queue '" + name + "' (" + q.id() + ")"
                    + (concurrency == null ? "" : ", at most " + concurrency + " runs at once"));
        }
        return 0;
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List work queues.")
    int ls(@Option(names = "--json", description = "Print JSON.") boolean json) {
        List<WorkQueueRecord> all = withClient(OrionClient::workQueues);
        if (json) {
            context.printJson(all.stream().map(WorkQueuesApi::json).toList());
            return 0;
        }
        Table t = new Table("NAME", "PAUSED", "CONCURRENCY", "LAST POLLED", "ID");
        all.forEach(q -> t.row(q.name(), q.paused() ? "yes" : "no",
                q.concurrencyLimit() == null ? "-" : q.concurrencyLimit(),
                q.lastPolled() == null ? "never" : q.lastPolled(), q.id()));
        t.print(context.out());
        return 0;
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show a work queue and its waiting runs.")
    int inspect(@Parameters(index = "0", paramLabel = "QUEUE") String name,
                @Option(names = "--json", description = "Print JSON.") boolean json) {
        WorkQueueRecord q;
        List<RunRow> runs;
        try (OrionClient client = Clients.open(context)) {
            q = find(client, name);
            runs = client.queuedRuns(q.name(), 50);
        }
        if (json) {
            Map<String, Object> n = new LinkedHashMap<>(WorkQueuesApi.json(q));
            n.put("runs", runs.stream().map(FlowRunJson::of).toList());
            context.printJson(n);
            return 0;
        }
        var out = context.out();
        out.println("work queue " + q.name() + " (" + q.id() + ")" + (q.paused() ? " PAUSED" : ""));
        out.println("concurrency: " + (q.concurrencyLimit() == null ? "unlimited" : q.concurrencyLimit()));
        out.println("last polled: " + (q.lastPolled() == null ? "never" : q.lastPolled()));
        Table t = new Table("RUN", "STATE", "EXPECTED START", "ID");
        runs.forEach(r -> t.row(r.name(), r.state() == null ? "" : r.state().name(),
                r.expectedStartTime() == null ? "" : r.expectedStartTime(), r.id()));
        t.print(out);
        return 0;
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop handing its runs to workers.")
    int pause(@Parameters(index = "0", paramLabel = "QUEUE") String name,
              @Option(names = "--json", description = "Print JSON.") boolean json) {
        return setPaused(name, true, json);
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Hand its runs to workers again.")
    int resume(@Parameters(index = "0", paramLabel = "QUEUE") String name,
               @Option(names = "--json", description = "Print JSON.") boolean json) {
        return setPaused(name, false, json);
    }

    private int setPaused(String name, boolean paused, boolean json) {
        WorkQueueRecord q = withClient(client -> client.setPaused(find(client, name).id(), paused));
        if (json) {
            context.printJson(WorkQueuesApi.json(q));
        } else {
            context.out().println((paused ? "Paused" : "Resumed") + " work queue '" + name + "'");
        }
        return 0;
    }

    private <T> T withClient(Function<OrionClient, T> body) {
        try (OrionClient client = Clients.open(context)) {
            return body.apply(client);
        }
    }

    private static WorkQueueRecord find(OrionClient client, String name) {
        return client.workQueue(name).orElseThrow(
                () -> new OrionException("no work queue named '" + name + "'; see orion work-queue ls"));
    }
}

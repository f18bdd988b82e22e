package dev.orion.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.OrionException;
import dev.orion.host.client.ApiCallException;
import dev.orion.host.client.ApiTransport;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orion work-queue create | ls | inspect | pause | resume}: the queues scheduled runs wait
 * in until a worker claims them. Talks to the server at {@code ORION_API_URL}, else to the
 * embedded store.
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
        ObjectNode body = ApiTransport.MAPPER.createObjectNode();
        body.put("name", name);
        if (concurrency != null) {
            body.put("concurrency_limit", concurrency);
        }
        body.set("tags", ApiTransport.MAPPER.valueToTree(tags == null ? List.of() : tags));
        JsonNode q = withApi(api -> api.post("/work_queues/", body));
        if (json) {
            context.printJson(q);
        } else {
            context.out().println("Created work queue '" + name + "' (" + q.get("id").asText() + ")"
                    + (concurrency == null ? "" : ", at most " + concurrency + " runs at once"));
        }
        return 0;
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List work queues.")
    int ls(@Option(names = "--json", description = "Print JSON.") boolean json) {
        JsonNode all = withApi(api -> api.post("/work_queues/filter", Map.of()));
        if (json) {
            context.printJson(all);
            return 0;
        }
        Table t = new Table("NAME", "PAUSED", "CONCURRENCY", "LAST POLLED", "ID");
        all.forEach(q -> t.row(q.get("name").asText(), q.get("is_paused").asBoolean() ? "yes" : "no",
                q.get("concurrency_limit").isNull() ? "-" : q.get("concurrency_limit").asText(),
                q.path("last_polled").asText("never"), q.get("id").asText()));
        t.print(context.out());
        return 0;
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show a work queue and its waiting runs.")
    int inspect(@Parameters(index = "0", paramLabel = "QUEUE") String name,
                @Option(names = "--json", description = "Print JSON.") boolean json) {
        JsonNode[] found = new JsonNode[2];
        withApi(api -> {
            found[0] = find(api, name);
            found[1] = api.post("/flow_runs/filter", Map.of("flow_runs", Map.of(
                    "work_queue_name", Map.of("any_", List.of(name)),
                    "state", Map.of("type", Map.of("any_", List.of("SCHEDULED", "PENDING", "RUNNING", "CANCELLING")))),
                    "sort", "EXPECTED_START_TIME_ASC", "limit", 50));
            return null;
        });
        if (json) {
            ObjectNode n = found[0].deepCopy();
            n.set("runs", found[1]);
            context.printJson(n);
            return 0;
        }
        JsonNode q = found[0];
        var out = context.out();
        out.println("work queue " + q.get("name").asText() + " (" + q.get("id").asText() + ")"
                + (q.get("is_paused").asBoolean() ? " PAUSED" : ""));
        out.println("concurrency: " + (q.get("concurrency_limit").isNull() ? "unlimited" : q.get("concurrency_limit").asText()));
        out.println("last polled: " + q.path("last_polled").asText("never"));
        Table t = new Table("RUN", "STATE", "EXPECTED START", "ID");
        found[1].forEach(r -> t.row(r.get("name").asText(), r.path("state_name").asText(""),
                r.path("expected_start_time").asText(""), r.get("id").asText()));
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
        JsonNode q = withApi(api -> {
            JsonNode found = find(api, name);
            api.patch("/work_queues/" + found.get("id").asText(), Map.of("is_paused", paused));
            return api.get("/work_queues/" + found.get("id").asText());
        });
        if (json) {
            context.printJson(q);
        } else {
            context.out().println((paused ? "Paused" : "Resumed") + " work queue '" + name + "'");
        }
        return 0;
    }

    private <T> T withApi(Function<ApiTransport, T> body) {
        try (ApiSession session = ApiSession.open(context)) {
            return body.apply(session.api());
        }
    }

    private static JsonNode find(ApiTransport api, String name) {
        try {
            return api.get("/work_queues/name/" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20"));
        } catch (ApiCallException e) {
            if (e.status() == 404) {
                throw new OrionException("no work queue named '" + name + "'; see orion work-queue ls");
            }
            throw e;
        }
    }
}

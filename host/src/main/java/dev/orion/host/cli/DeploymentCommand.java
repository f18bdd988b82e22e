package dev.orion.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.OrionException;
import dev.orion.host.client.DeploymentSpec;
import dev.orion.host.client.OrionClient;
import dev.orion.host.engine.ParameterBinder;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.server.api.DeploymentsApi;
import dev.orion.host.server.model.FlowRunJson;
import dev.orion.host.services.Entrypoint;
import dev.orion.host.store.DeploymentRecord;
import dev.orion.host.store.RunRow;
import dev.orion.host.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orion deployment create | ls | inspect | run | pause | resume | delete}: flows made
 * runnable by name, with default parameters, a work queue and an optional cron or interval
 * schedule. Talks to the server at {@code ORION_API_URL}, else to the embedded store (no port).
 */
@Command(name = "deployment", mixinStandardHelpOptions = true,
        description = "Deploy flows with schedules and work queues; run, pause and delete deployments.")
final class DeploymentCommand extends ParentCommand {

    private final CliContext context;

    DeploymentCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Deploy the flow of a file (.java or a script), or a flow by name.")
    int create(@Parameters(index = "0", paramLabel = "FILE_OR_FLOW") String source,
               @Option(names = "--name", required = true, description = "The deployment's name.") String name,
               @Option(names = "--flow", description = "Which flow, when the file declares several.") String flowName,
               @Option(names = "--cron", description = "A cron schedule, e.g. '0 * * * *'.") String cron,
               @Option(names = "--timezone", description = "The cron schedule's time zone (default UTC).") String tz,
               @Option(names = "--interval", description = "An interval schedule: 30s, 5m, 1h, PT10M or seconds.")
               String interval,
               @Option(names = "--queue", defaultValue = "default", description = "Its work queue (default: default).")
               String queue,
               @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A default parameter (repeatable).")
               Map<String, String> params,
               @Option(names = "--tag", description = "A tag (repeatable).") List<String> tags,
               @Option(names = "--json", description = "Print JSON.") boolean json) {
        if (cron != null && interval != null) {
            throw new OrionException("give --cron or --interval, not both");
        }
        if (tz != null && cron == null) {
            throw new OrionException("--timezone goes with --cron");
        }
        Map<String, Object> given = values(params);
        Path file = Path.of(source);
        String flow;
        String entrypoint;
        Map<String, Object> parameters;
        if (Files.isRegularFile(file)) {
            Entrypoint.of(context.settings().security().flowsDir(), file, null); // outside the flows root: refused before loading
            try (PluginRegistry plugins = PluginRegistry.load(context.settings().pluginsDir());
                 FlowSources sources = new FlowSources(plugins, context.settings().security().flowsDir())) {
                FlowSources.Loaded loaded = sources.load(file, flowName, given);
                new ParameterBinder(Json.MAPPER).checkGiven(loaded.flow(), given); // as `orion run` would
                flow = loaded.flow().name();
                parameters = loaded.parameters();
                entrypoint = Entrypoint.of(context.settings().security().flowsDir(), file, flow);
            }
        } else if (source.contains("/") || source.contains(".")) {
            FlowSources.requireFile(file); // a folder is said to be one
            throw new OrionException("no such file: " + source + " (give a .java or script file, or a flow's name)");
        } else {
            flow = source;
            parameters = given;
            entrypoint = Entrypoint.PLUGIN_FLOW + source;
        }
        ObjectNode schedule = null;
        if (cron != null) {
            schedule = Json.MAPPER.createObjectNode().put("cron", cron).put("timezone", tz == null ? "UTC" : tz);
        } else if (interval != null) {
            schedule = Json.MAPPER.createObjectNode().put("interval", seconds(interval));
        }
        DeploymentSpec spec = new DeploymentSpec(name, flow, entrypoint, schedule, parameters, tags, queue);
        DeploymentRecord d = withClient(client -> client.deploy(spec));
        if (json) {
            context.printJson(DeploymentsApi.json(d));
        } else {
            context.out().println("Deployed '" + flow + "/" + name + "' (" + d.id() + ") on work queue '"
                    + queue + "'" + (d.schedule() == null ? ", no schedule" : ", schedule " + schedule(d))
                    + ". Start a worker: orion worker start --queue " + queue);
        }
        return 0;
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List deployments.")
    int ls(@Option(names = "--json", description = "Print JSON.") boolean json) {
        List<DeploymentRecord> all = withClient(OrionClient::deployments);
        if (json) {
            context.printJson(all.stream().map(DeploymentsApi::json).toList());
            return 0;
        }
        Table t = new Table("NAME", "FLOW", "SCHEDULE", "ACTIVE", "QUEUE", "ID");
        all.forEach(d -> t.row(d.name(), d.flowName(), schedule(d), d.scheduleActive() ? "yes" : "paused",
                d.workQueueName() == null ? "" : d.workQueueName(), d.id()));
        t.print(context.out());
        return 0;
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show a deployment and its recent runs.")
    int inspect(@Parameters(index = "0", paramLabel = "NAME", description = "NAME or FLOW/NAME") String name,
                @Option(names = "--json", description = "Print JSON.") boolean json) {
        DeploymentRecord d;
        List<RunRow> recent;
        try (OrionClient client = Clients.open(context)) {
            d = find(client, name);
            recent = client.deploymentRuns(d.id(), 10);
        }
        if (json) {
            Map<String, Object> n = new LinkedHashMap<>(DeploymentsApi.json(d));
            n.put("recent_runs", recent.stream().map(FlowRunJson::of).toList());
            context.printJson(n);
            return 0;
        }
        var out = context.out();
        out.println("deployment " + d.flowName() + "/" + d.name() + " (" + d.id() + ")");
        out.println("entrypoint: " + (d.entrypoint() == null ? "" : d.entrypoint()));
        out.println("queue:      " + (d.workQueueName() == null ? "" : d.workQueueName()));
        out.println("schedule:   " + schedule(d) + (d.scheduleActive() ? "" : " (paused)"));
        out.println("parameters: " + Json.read(d.parameters(), JsonNode.class));
        out.println("tags:       " + Json.MAPPER.valueToTree(d.tags().stream().sorted().toList()));
        Table t = new Table("RUN", "STATE", "EXPECTED START", "ID");
        recent.forEach(r -> t.row(r.name(), r.state() == null ? "" : r.state().name(),
                r.expectedStartTime() == null ? "" : r.expectedStartTime(), r.id()));
        t.print(out);
        return 0;
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Create a flow run of a deployment now; a worker executes it.")
    int run(@Parameters(index = "0", paramLabel = "NAME") String name,
            @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A parameter (repeatable).")
            Map<String, String> params,
            @Option(names = "--json", description = "Print JSON.") boolean json) {
        RunRow run = withClient(client -> client.createFlowRun(find(client, name), values(params)));
        if (json) {
            context.printJson(FlowRunJson.of(run));
        } else {
            context.out().println("Created flow run " + run.id() + " (" + run.name()
                    + "), Scheduled on work queue '" + (run.workQueueName() == null ? "" : run.workQueueName()) + "'");
        }
        return 0;
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop scheduling runs of a deployment.")
    int pause(@Parameters(index = "0", paramLabel = "NAME") String name,
              @Option(names = "--json", description = "Print JSON.") boolean json) {
        return setActive(name, false, json);
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Schedule runs of a deployment again.")
    int resume(@Parameters(index = "0", paramLabel = "NAME") String name,
               @Option(names = "--json", description = "Print JSON.") boolean json) {
        return setActive(name, true, json);
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a deployment.")
    int delete(@Parameters(index = "0", paramLabel = "NAME") String name,
               @Option(names = "--json", description = "Print JSON.") boolean json) {
        DeploymentRecord d = withClient(client -> {
            DeploymentRecord found = find(client, name);
            client.deleteDeployment(found.id());
            return found;
        });
        print(json, Map.of("deleted", d.id().toString()), "Deleted deployment '" + name + "'");
        return 0;
    }

    private int setActive(String name, boolean active, boolean json) {
        DeploymentRecord d = withClient(client -> {
            DeploymentRecord found = find(client, name);
            client.setScheduleActive(found.id(), active);
            return found;
        });
        print(json, Map.of("id", d.id().toString(), "is_schedule_active", active),
                (active ? "Resumed" : "Paused") + " the schedule of deployment '" + name + "'");
        return 0;
    }

    private void print(boolean json, Object value, String text) {
        if (json) {
            context.printJson(value);
        } else {
            context.out().println(text);
        }
    }

    private <T> T withClient(Function<OrionClient, T> body) {
        try (OrionClient client = Clients.open(context)) {
            return body.apply(client);
        }
    }

    /** A deployment by NAME or FLOW/NAME; several of one name must be told apart by flow. */
    static DeploymentRecord find(OrionClient client, String name) {
        List<DeploymentRecord> all = client.deploymentsNamed(name);
        if (all.isEmpty()) {
            throw new OrionException(name.indexOf('/') > 0 ? "no deployment " + name + "; see orion deployment ls"
                    : "no deployment named '" + name + "'; see orion deployment ls");
        }
        if (all.size() > 1) {
            List<String> names = new ArrayList<>();
            all.forEach(d -> names.add(d.flowName() + "/" + name));
            throw new OrionException("several deployments are named '" + name + "': " + names + "; give FLOW/NAME");
        }
        return all.get(0);
    }

    static String schedule(DeploymentRecord d) {
        if (d.schedule() == null) {
            return "-";
        }
        JsonNode s = Json.read(d.schedule(), JsonNode.class);
        if (s.has("cron")) {
            return "cron '" + s.get("cron").asText() + "' " + s.path("timezone").asText("UTC");
        }
        return "every " + Duration.ofMillis(Math.round(s.path("interval").asDouble() * 1000)).toString()
                .substring(2).toLowerCase(Locale.ROOT);
    }

    /** {@code --param} values: JSON where they read as JSON (10, true, [1,2]), else text. */
    static Map<String, Object> values(Map<String, String> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (params != null) {
            params.forEach((k, v) -> {
                Object value = v;
                try {
                    JsonNode n = Json.MAPPER.readTree(v);
                    if (n != null && !n.isMissingNode() && !n.isTextual()) {
                        value = Json.MAPPER.convertValue(n, Object.class);
                    }
                } catch (IOException e) {
                    // not JSON: the text itself
                }
                out.put(k, value);
            });
        }
        return out;
    }

    /** 30s, 5m, 1h, 1d, PT10M or plain seconds, of {@code --interval}. */
    static double seconds(String interval) {
        return seconds("--interval", interval);
    }

    /** 30s, 5m, 1h, 1d, PT10M or plain seconds; a bad value's error names the option. */
    static double seconds(String option, String interval) {
        String v = interval.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT)).toMillis() / 1000.0;
            }
            double unit = switch (v.charAt(v.length() - 1)) {
                case 's' -> 1;
                case 'm' -> 60;
                case 'h' -> 3600;
                case 'd' -> 86400;
                default -> 0;
            };
            double n = Double.parseDouble(unit == 0 ? v : v.substring(0, v.length() - 1));
            double s = n * (unit == 0 ? 1 : unit);
            if (s <= 0) {
                throw new NumberFormatException();
            }
            return s;
        } catch (RuntimeException e) {
            throw new OrionException(option + " must be a positive duration like 30s, 5m, 1h or PT10M, got '"
                    + interval + "'");
        }
    }
}

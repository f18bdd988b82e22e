package dev.orion.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.OrionException;
import dev.orion.host.Json;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.engine.ParameterBinder;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.services.Entrypoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orion deployment create | ls | inspect | run | pause | resume | delete}: flows made
 * runnable by name, with default parameters, a work queue and an optional cron or interval
 * schedule. Talks to the server at {@code ORION_API_URL}, else to the embedded store.
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
        ObjectNode body = ApiTransport.MAPPER.createObjectNode();
        body.put("name", name);
        body.put("entrypoint", entrypoint);
        body.put("work_queue_name", queue);
        body.set("parameters", ApiTransport.MAPPER.valueToTree(parameters));
        body.set("tags", ApiTransport.MAPPER.valueToTree(tags == null ? List.of() : tags));
        if (cron != null) {
            body.putObject("schedule").put("cron", cron).put("timezone", tz == null ? "UTC" : tz);
        } else if (interval != null) {
            body.putObject("schedule").put("interval", seconds(interval));
        }
        JsonNode d = withApi(api -> {
            body.put("flow_id", api.post("/flows/", Map.of("name", flow)).get("id").asText());
            JsonNode saved = api.post("/deployments/", body);
            try {
                api.post("/work_queues/", Map.of("name", queue));
            } catch (dev.orion.host.client.ApiCallException e) {
                if (e.status() != 409) {
                    throw e;
                }
            }
            return saved;
        });
        if (json) {
            context.printJson(d);
        } else {
            context.out().println("Deployed '" + flow + "/" + name + "' (" + d.get("id").asText() + ") on work queue '"
                    + queue + "'" + (d.get("schedule").isNull() ? ", no schedule" : ", schedule " + schedule(d))
                    + ". Start a worker: orion worker start --queue " + queue);
        }
        return 0;
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List deployments.")
    int ls(@Option(names = "--json", description = "Print JSON.") boolean json) {
        JsonNode all = withApi(api -> api.post("/deployments/filter", Map.of("limit", 200)));
        if (json) {
            context.printJson(all);
            return 0;
        }
        Table t = new Table("NAME", "FLOW", "SCHEDULE", "ACTIVE", "QUEUE", "ID");
        all.forEach(d -> t.row(d.get("name").asText(), d.get("flow_name").asText(), schedule(d),
                d.get("is_schedule_active").asBoolean() ? "yes" : "paused", d.path("work_queue_name").asText(""),
                d.get("id").asText()));
        t.print(context.out());
        return 0;
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show a deployment and its recent runs.")
    int inspect(@Parameters(index = "0", paramLabel = "NAME", description = "NAME or FLOW/NAME") String name,
                @Option(names = "--json", description = "Print JSON.") boolean json) {
        JsonNode[] found = new JsonNode[2];
        withApi(api -> {
            found[0] = find(api, name);
            found[1] = api.post("/flow_runs/filter", Map.of("deployments",
                    Map.of("id", Map.of("any_", List.of(found[0].get("id").asText()))),
                    "sort", "EXPECTED_START_TIME_DESC", "limit", 10));
            return null;
        });
        if (json) {
            ObjectNode n = found[0].deepCopy();
            n.set("recent_runs", found[1]);
            context.printJson(n);
            return 0;
        }
        JsonNode d = found[0];
        var out = context.out();
        out.println("deployment " + d.get("flow_name").asText() + "/" + d.get("name").asText() + " (" + d.get("id").asText() + ")");
        out.println("entrypoint: " + d.path("entrypoint").asText(""));
        out.println("queue:      " + d.path("work_queue_name").asText(""));
        out.println("schedule:   " + schedule(d) + (d.get("is_schedule_active").asBoolean() ? "" : " (paused)"));
        out.println("parameters: " + d.get("parameters"));
        out.println("tags:       " + d.get("tags"));
        Table t = new Table("RUN", "STATE", "EXPECTED START", "ID");
        found[1].forEach(r -> t.row(r.get("name").asText(), r.path("state_name").asText(""),
                r.path("expected_start_time").asText(""), r.get("id").asText()));
        t.print(out);
        return 0;
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Create a flow run of a deployment now; a worker executes it.")
    int run(@Parameters(index = "0", paramLabel = "NAME") String name,
            @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A parameter (repeatable).")
            Map<String, String> params,
            @Option(names = "--json", description = "Print JSON.") boolean json) {
        JsonNode run = withApi(api -> api.post("/deployments/" + find(api, name).get("id").asText() + "/create_flow_run",
                Map.of("parameters", values(params))));
        if (json) {
            context.printJson(run);
        } else {
            context.out().println("Created flow run " + run.get("id").asText() + " (" + run.get("name").asText()
                    + "), Scheduled on work queue '" + run.path("work_queue_name").asText("") + "'");
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
        JsonNode d = withApi(api -> {
            JsonNode found = find(api, name);
            api.delete("/deployments/" + found.get("id").asText());
            return found;
        });
        print(json, Map.of("deleted", d.get("id").asText()), "Deleted deployment '" + name + "'");
        return 0;
    }

    private int setActive(String name, boolean active, boolean json) {
        JsonNode d = withApi(api -> {
            JsonNode found = find(api, name);
            api.post("/deployments/" + found.get("id").asText() + (active ? "/set_schedule_active" : "/set_schedule_inactive"), null);
            return found;
        });
        print(json, Map.of("id", d.get("id").asText(), "is_schedule_active", active),
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

    private <T> T withApi(Function<ApiTransport, T> body) {
        try (ApiSession session = ApiSession.open(context)) {
            return body.apply(session.api());
        }
    }

    /** A deployment by NAME or FLOW/NAME; several of one name must be told apart by flow. */
    static JsonNode find(ApiTransport api, String name) {
        int slash = name.indexOf('/');
        if (slash > 0) {
            try {
                return api.get("/deployments/name/" + name.substring(0, slash) + "/" + name.substring(slash + 1));
            } catch (dev.orion.host.client.ApiCallException e) {
                if (e.status() == 404) {
                    throw new OrionException("no deployment " + name + "; see orion deployment ls");
                }
                throw e;
            }
        }
        JsonNode all = api.post("/deployments/filter", Map.of("deployments", Map.of("name", Map.of("any_", List.of(name)))));
        if (all.isEmpty()) {
            throw new OrionException("no deployment named '" + name + "'; see orion deployment ls");
        }
        if (all.size() > 1) {
            List<String> names = new ArrayList<>();
            all.forEach(d -> names.add(d.get("flow_name").asText() + "/" + name));
            throw new OrionException("several deployments are named '" + name + "': " + names + "; give FLOW/NAME");
        }
        return all.get(0);
    }

    static String schedule(JsonNode d) {
        JsonNode s = d.get("schedule");
        if (s == null || s.isNull()) {
            return "-";
        }
        if (s.has("cron")) {
            return "cron '" + s.get("cron").asText() + "' " + s.path("timezone").asText("UTC");
        }
        return "every " + Duration.ofMillis(Math.round(s.path("interval").asDouble() * 1000)).toString()
                .substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code --param} values: JSON where they read as JSON (10, true, [1,2]), else text. */
    static Map<String, Object> values(Map<String, String> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (params != null) {
            params.forEach((k, v) -> {
                Object value = v;
                try {
                    JsonNode n = ApiTransport.MAPPER.readTree(v);
                    if (n != null && !n.isMissingNode() && !n.isTextual()) {
                        value = ApiTransport.MAPPER.convertValue(n, Object.class);
                    }
                } catch (java.io.IOException e) {
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
        String v = interval.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(java.util.Locale.ROOT)).toMillis() / 1000.0;
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

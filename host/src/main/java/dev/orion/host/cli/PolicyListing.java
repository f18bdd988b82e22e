package dev.orion.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.OrionSettings;
import dev.orion.host.PolicySource;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.orchestration.EffectivePolicy;
import dev.orion.host.orchestration.RuleEntry;
import dev.orion.host.plugins.PluginInfo;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.scripting.PolicyLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code orion rules ls} shows: the effective policy of whoever decides, that is the server
 * at {@code ORION_API_URL} when it is set ({@code GET /api/policy}), else the one this machine's
 * embedded runs compose. Immutable.
 *
 * @param flow     the flow run policy, in order
 * @param task     the task run policy, in order
 * @param failed   the rule sources that did not load: {@code source}, {@code reason}, {@code state}
 * @param problems rules or overrides that could not be applied as asked
 */
record PolicyListing(List<RuleView> flow, List<RuleView> task, List<Map<String, String>> failed, List<String> problems) {

    static PolicyListing read(OrionSettings settings) {
        return settings.apiUrl().isPresent() ? remote(settings) : local(settings);
    }

    /** The policy composed here, leniently: a listing shows what does not load rather than stopping at it. */
    private static PolicyListing local(OrionSettings settings) {
        List<Map<String, String>> failed = new ArrayList<>();
        try (PluginRegistry plugins = PluginRegistry.load(settings.pluginsDir());
             PolicySource source = PolicyLoader.compose(settings, plugins, line -> { })) {
            EffectivePolicy policy = source.effective();
            source.failures().forEach(f -> failed.add(failure(f.source(), f.reason())));
            plugins.plugins().stream().filter(PluginInfo::failed).forEach(p -> failed.add(failure(p.path(), p.error())));
            return new PolicyListing(views(policy.flow()), views(policy.task()), failed, policy.problems());
        }
    }

    private static PolicyListing remote(OrionSettings settings) {
        ApiTransport api = new ApiTransport(settings.apiUrl().get(), settings.apiKey(), Duration.ofSeconds(30));
        JsonNode policy = api.get("/policy");
        List<Map<String, String>> failed = new ArrayList<>();
        policy.path("failed").forEach(f -> failed.add(failure(f.path("source").asText(), f.path("reason").asText())));
        List<String> problems = new ArrayList<>();
        policy.path("problems").forEach(p -> problems.add(p.asText()));
        return new PolicyListing(views(policy.path("flow")), views(policy.path("task")), failed, problems);
    }

    private static List<RuleView> views(List<RuleEntry> entries) {
        return entries.stream().map(entry -> RuleView.of(entry.rule(), entry.source())).toList();
    }

    /** The API's rules as the CLI shows them ({@code *} is what the CLI calls {@code ANY}). */
    private static List<RuleView> views(JsonNode rules) {
        List<RuleView> out = new ArrayList<>();
        rules.forEach(r -> out.add(new RuleView(r.path("name").asText(), states(r.path("from")), states(r.path("to")),
                r.path("description").asText(""), r.path("source").asText())));
        return out;
    }

    private static List<String> states(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(s -> out.add("*".equals(s.asText()) ? RuleView.ANY : s.asText()));
        return List.copyOf(out);
    }

    private static Map<String, String> failure(String source, String reason) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("reason", reason);
        m.put("state", "failed");
        return m;
    }
}

package dev.orion.host.server.api;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.host.orchestration.RuleEntry;
import dev.orion.host.plugins.PluginInfo;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.Requests;
import dev.orion.host.server.ServerContext;
import io.javalin.config.RoutesConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/policy}: the effective flow and task policies, in order, with each rule's source,
 * and under {@code failed} the rule sources (script files, {@code policy.json}, plugins) that did not
 * load, with why.
 */
public final class PolicyApi implements ApiRoutes {

    /** One rule as answered. */
    public record RuleJson(String name, List<String> from, List<String> to, String description, String source) {
        static RuleJson of(OrchestrationRule r) {
            List<String> from = new ArrayList<>();
            if (r.universal()) {
                from.add("*");
            } else {
                if (r.fromNoState()) {
                    from.add("NONE");
                }
                r.fromStates().stream().sorted().map(StateType::name).forEach(from::add);
            }
            List<String> to = r.universal() ? List.of("*") : r.toStates().stream().sorted().map(StateType::name).toList();
            return new RuleJson(r.name(), from, to, r.description(), sourceOf(r));
        }
    }

    /** A rule source that did not load. */
    public record FailedJson(String source, String reason) {
    }

    private final ServerContext ctx;

    public PolicyApi(ServerContext ctx) {
        this.ctx = ctx;
    }

    private static RuleJson entry(RuleEntry e) {
        RuleJson r = RuleJson.of(e.rule());
        return new RuleJson(r.name(), r.from(), r.to(), r.description(), e.source());
    }

    /** "core" for Orion's own rules; otherwise where the rule's class was loaded from. */
    static String sourceOf(OrchestrationRule r) {
        String cls = r.getClass().getName();
        if (cls.startsWith("dev.orion.host.")) {
            return "core";
        }
        var source = r.getClass().getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "plugin" : source.getLocation().toString();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/policy", c -> {
            if (ctx.policySource().isPresent()) {
                var source = ctx.policySource().get();
                var effective = source.effective();
                List<FailedJson> failed = new ArrayList<>();
                source.failures().forEach(f -> failed.add(new FailedJson(f.source(), f.reason())));
                ctx.plugins().plugins().stream().filter(PluginInfo::failed)
                        .forEach(p -> failed.add(new FailedJson(p.path(), p.error())));
                Requests.ok(c, Map.of(
                        "flow", effective.entries(RunKind.FLOW).stream().map(PolicyApi::entry).toList(),
                        "task", effective.entries(RunKind.TASK).stream().map(PolicyApi::entry).toList(),
                        "problems", effective.problems(),
                        "failed", failed));
                return;
            }
            var set = ctx.policies().get();
            Requests.ok(c, Map.of(
                    "flow", set.rules(RunKind.FLOW, false).stream().map(RuleJson::of).toList(),
                    "task", set.rules(RunKind.TASK, false).stream().map(RuleJson::of).toList()));
        });
    }
}

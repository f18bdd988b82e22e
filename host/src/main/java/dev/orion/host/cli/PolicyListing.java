package dev.orion.host.cli;

import dev.orion.host.OrionSettings;
import dev.orion.host.client.OrionClient;
import dev.orion.host.client.PolicyView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code orion rules ls} shows: the effective policy of whoever decides, that is the server
 * at {@code ORION_API_URL} when it is set ({@code GET /api/policy}), else the one this machine's
 * embedded runs compose (leniently: what does not load is listed). Immutable.
 *
 * @param flow     the flow run policy, in order
 * @param task     the task run policy, in order
 * @param failed   the rule sources that did not load: {@code source}, {@code reason}, {@code state}
 * @param problems rules or overrides that could not be applied as asked
 */
record PolicyListing(List<RuleView> flow, List<RuleView> task, List<Map<String, String>> failed, List<String> problems) {

    static PolicyListing read(OrionSettings settings) {
        try (OrionClient client = Clients.forPolicy(settings)) {
            PolicyView policy = client.policy();
            return new PolicyListing(views(policy.flow()), views(policy.task()),
                    policy.failed().stream().map(f -> failure(f.source(), f.reason())).toList(), policy.problems());
        }
    }

    private static List<RuleView> views(List<PolicyView.Rule> rules) {
        return rules.stream().map(RuleView::of).toList();
    }

    private static Map<String, String> failure(String source, String reason) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("reason", reason);
        m.put("state", "failed");
        return m;
    }
}

package dev.orion.host.orchestration;

import dev.orion.api.orchestration.OrchestrationRule;
import java.util.Objects;

/**
 * A rule in an effective policy and where it came from: {@code core}, a plugin's id, or the
 * path of a script rule.
 *
 * @param rule   the rule
 * @param source where it came from
 */
public record RuleEntry(OrchestrationRule rule, String source) {

    public static final String CORE = "core";

    public RuleEntry {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(source, "source");
    }

    public String name() {
        return rule.name();
    }
}

package dev.orion.api.orchestration;

import java.util.Objects;

/**
 * Where a rule from a plugin or script goes in a policy: first, last, or just before or
 * after a named rule.
 *
 * @param placement first, last, before or after
 * @param anchor    the named rule for BEFORE and AFTER; null otherwise
 */
public record RulePosition(Placement placement, String anchor) {

    public enum Placement { FIRST, LAST, BEFORE, AFTER }

    public RulePosition {
        Objects.requireNonNull(placement, "placement");
        if ((placement == Placement.BEFORE || placement == Placement.AFTER) && (anchor == null || anchor.isBlank())) {
            throw new IllegalArgumentException(placement + " needs the name of a rule to stand beside");
        }
    }

    public static RulePosition first() {
        return new RulePosition(Placement.FIRST, null);
    }

    public static RulePosition last() {
        return new RulePosition(Placement.LAST, null);
    }

    public static RulePosition before(String rule) {
        return new RulePosition(Placement.BEFORE, rule);
    }

    public static RulePosition after(String rule) {
        return new RulePosition(Placement.AFTER, rule);
    }
}

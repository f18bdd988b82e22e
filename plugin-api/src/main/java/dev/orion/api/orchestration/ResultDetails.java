package dev.orion.api.orchestration;

/**
 * Why the orchestrator decided as it did.
 *
 * @param reason       the deciding rule's reason; null when the proposal was simply accepted
 * @param delaySeconds for WAIT: how long to wait before proposing again
 * @param rule         the name of the rule that decided; null when no rule intervened
 */
public record ResultDetails(String reason, Double delaySeconds, String rule) {

    public static final ResultDetails NONE = new ResultDetails(null, null, null);
}

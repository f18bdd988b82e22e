package dev.orion.host.orchestration;

/**
 * Thrown by a rule that gave up deciding (a script rule past its time limit) without having
 * changed the transition: the proposal is decided as if the rule had no objection, and the
 * decision log's trace says why the rule abstained.
 */
public class RuleAbstainedException extends RuntimeException {

    public RuleAbstainedException(String why) {
        super(why);
    }
}

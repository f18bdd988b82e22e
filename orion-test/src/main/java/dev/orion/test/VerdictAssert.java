package dev.orion.test;

import dev.orion.api.StateType;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.host.orchestration.Verdict;
import org.assertj.core.api.AbstractAssert;

/** Assertions on what a policy decided about one proposal (from {@link dev.orion.host.testing.RuleKit}). */
public final class VerdictAssert extends AbstractAssert<VerdictAssert, Verdict> {

    VerdictAssert(Verdict actual) {
        super(actual, VerdictAssert.class);
    }

    /** Accepted as proposed (a rule may have renamed it). */
    public VerdictAssert isAccepted() {
        return hasStatus(ResultStatus.ACCEPT);
    }

    /** Rejected, the run put in a state of this type instead (its current one, when that is the type). */
    public VerdictAssert isRejectedTo(StateType type) {
        hasStatus(ResultStatus.REJECT);
        if (actual.state() == null || actual.state().type() != type) {
            failWithMessage("Expected a rejection to %s but got %s", type, actual.summary());
        }
        return this;
    }

    /** Told to wait about this long (within a second). */
    public VerdictAssert isDelayedBy(double seconds) {
        hasStatus(ResultStatus.WAIT);
        if (actual.delaySeconds() == null || Math.abs(actual.delaySeconds() - seconds) > 1) {
            failWithMessage("Expected a wait of %s s but got %s", seconds, actual.summary());
        }
        return this;
    }

    public VerdictAssert isAborted() {
        return hasStatus(ResultStatus.ABORT);
    }

    public VerdictAssert hasStatus(ResultStatus status) {
        isNotNull();
        if (actual.status() != status) {
            failWithMessage("Expected %s but the policy decided %s", status, actual.summary());
        }
        return this;
    }

    /** The resulting state has this name (e.g. AwaitingRetry, Cached). */
    public VerdictAssert resultsIn(String stateName) {
        isNotNull();
        if (actual.state() == null || !actual.state().name().equals(stateName)) {
            failWithMessage("Expected the run to be left in %s but got %s", stateName, actual.summary());
        }
        return this;
    }

    /** {@code rule} decided it. */
    public VerdictAssert decidedBy(String rule) {
        isNotNull();
        if (!rule.equals(actual.rule())) {
            failWithMessage("Expected %s to decide but got %s", rule, actual.summary());
        }
        return this;
    }

    /** No rule intervened. */
    public VerdictAssert decidedByNoRule() {
        isNotNull();
        if (actual.rule() != null) {
            failWithMessage("Expected no rule to intervene but got %s", actual.summary());
        }
        return this;
    }

    /** The deciding rule's reason contains {@code fragment}. */
    public VerdictAssert because(String fragment) {
        isNotNull();
        if (actual.reason() == null || !actual.reason().contains(fragment)) {
            failWithMessage("Expected a reason containing '%s' but got %s", fragment, actual.summary());
        }
        return this;
    }
}

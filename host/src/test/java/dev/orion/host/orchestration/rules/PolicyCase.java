package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.TransitionSpec;

/**
 * One proposal through a core policy and what it should decide. The policy is the core one for
 * the spec's run kind; {@link #toString()} names the case in test reports.
 */
public record PolicyCase(String description, TransitionSpec given, Expectation expected) {

    @Override
    public String toString() {
        return description + " [" + given.run().kind().label() + " " + given.label() + "]";
    }
}

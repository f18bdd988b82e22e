package dev.orion.api.orchestration;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import java.util.Objects;
import java.util.Set;

/**
 * A rule whose name, description and covered transitions are fixed at construction; a
 * subclass writes only its hooks.
 */
public abstract class AbstractOrchestrationRule implements OrchestrationRule {

    private final String name;
    private final String description;
    private final Set<RunKind> runKinds;
    private final Set<StateType> from;
    private final boolean fromNoState;
    private final Set<StateType> to;

    protected AbstractOrchestrationRule(String name, String description, Set<RunKind> runKinds,
                                        Set<StateType> from, boolean fromNoState, Set<StateType> to) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = description == null ? "" : description;
        this.runKinds = Set.copyOf(runKinds);
        this.from = Set.copyOf(from);
        this.fromNoState = fromNoState;
        this.to = Set.copyOf(to);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Set<RunKind> runKinds() {
        return runKinds;
    }

    @Override
    public Set<StateType> fromStates() {
        return from;
    }

    @Override
    public boolean fromNoState() {
        return fromNoState;
    }

    @Override
    public Set<StateType> toStates() {
        return to;
    }

    @Override
    public String toString() {
        return name;
    }
}

package dev.orion.test;

import dev.orion.api.State;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.LogRow;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What one flow run did, as the store recorded it: its states with the rule behind each, its
 * task runs' state sequences, every decision on its proposals, and its log lines. Immutable.
 *
 * @param id        the flow run's id
 * @param name      its generated name
 * @param flowName  its flow
 * @param states    its states, oldest first
 * @param decisions the decisions on its own proposals, oldest first
 * @param taskRuns  its task runs, in the order they were created
 * @param logs      its log lines (its task runs' too), oldest first
 */
public record RunRecord(UUID id, String name, String flowName, List<Step> states, List<DecisionRow> decisions,
                        List<TaskRun> taskRuns, List<LogRow> logs) {

    public RunRecord {
        states = List.copyOf(states);
        decisions = List.copyOf(decisions);
        taskRuns = List.copyOf(taskRuns);
        logs = List.copyOf(logs);
    }

    /**
     * One state of a run and the rule that decided it.
     *
     * @param state  the state
     * @param rule   the rule that changed or renamed the proposal into this state; null when none did
     * @param reason that rule's reason
     */
    public record Step(State state, String rule, String reason) {
    }

    /**
     * One task run: its states in order and the decisions on its proposals.
     *
     * @param id        the task run's id
     * @param name      its name (the task's name and a counter, e.g. {@code square-2})
     * @param taskKey   its task
     * @param states    its states, oldest first
     * @param decisions the decisions on its proposals (written or not), oldest first
     */
    public record TaskRun(UUID id, String name, String taskKey, List<Step> states, List<DecisionRow> decisions) {

        public TaskRun {
            states = List.copyOf(states);
            decisions = List.copyOf(decisions);
        }

        /** Its state names in order, e.g. {@code [Pending, Running, AwaitingRetry, Retrying, Completed]}. */
        public List<String> stateNames() {
            return states.stream().map(s -> s.state().name()).toList();
        }

        public State finalState() {
            return states.getLast().state();
        }
    }

    /** Its final state. */
    public State finalState() {
        return states.getLast().state();
    }

    /** Its state names in order. */
    public List<String> stateNames() {
        return states.stream().map(s -> s.state().name()).toList();
    }

    /** The task runs of a task, by task key (or name prefix), in creation order. */
    public List<TaskRun> taskRunsOf(String task) {
        return taskRuns.stream().filter(t -> task.equals(t.taskKey())).toList();
    }

    /** The one task run of a task, or the task run with that exact name. */
    public Optional<TaskRun> taskRun(String taskOrName) {
        List<TaskRun> of = taskRunsOf(taskOrName);
        if (of.size() == 1) {
            return Optional.of(of.getFirst());
        }
        return taskRuns.stream().filter(t -> t.name().equals(taskOrName)).findFirst();
    }

    /** Every decision of the run and its task runs, with the kind of run it was about. */
    public List<DecisionRow> allDecisions() {
        return Stream.concat(decisions.stream(), taskRuns.stream().flatMap(t -> t.decisions().stream()))
                .sorted(Comparator.comparing(DecisionRow::timestamp)).toList();
    }

    /** The log messages in order. */
    public List<String> logMessages() {
        return logs.stream().map(LogRow::message).toList();
    }
}

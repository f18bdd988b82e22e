package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.PENDING;
import static dev.orion.api.StateType.RUNNING;
import static dev.orion.host.testing.TransitionSpec.aTaskTransition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.State;
import dev.orion.api.StateType;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UpdateFlowRunTrackerOnTasksTest {

    private final UpdateFlowRunTrackerOnTasks rule = new UpdateFlowRunTrackerOnTasks();

    static Stream<Arguments> flowRunCountsAndStarts() {
        return Stream.of(5, 42).flatMap(count -> Stream.concat(Stream.of((StateType) null), StateType.ALL.stream())
                .map(from -> Arguments.of(count, from)));
    }

    @ParameterizedTest
    @MethodSource("flowRunCountsAndStarts")
    void tracksTheFlowRunAttemptATaskRunRunsIn(int flowRunCount, StateType from) {
        var builder = aTaskTransition().to(RUNNING).inFlowRun(State.running(), flowRunCount).withFlowRunRunCount(1);
        var spec = (from == null ? builder.fromNoState() : builder.from(from)).build();

        assertThat(RuleKit.only(rule).decide(spec).run().flowRunRunCount()).isEqualTo(flowRunCount);
    }

    @Test
    void leavesATaskRunWithoutAFlowRunAlone() {
        var spec = aTaskTransition().from(PENDING).to(RUNNING).withoutFlowRun().withFlowRunRunCount(1).build();
        assertThat(RuleKit.only(rule).decide(spec).run().flowRunRunCount()).isEqualTo(1);
    }
}

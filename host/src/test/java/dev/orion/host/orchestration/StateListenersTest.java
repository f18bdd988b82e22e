package dev.orion.host.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.StateChange;
import dev.orion.api.orchestration.StateListener;
import dev.orion.host.store.Database;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateListenersTest {

    @Test
    void listenersHearEveryWrittenStateOfTheirTypesInOrderAndAFailingOneHurtsNobody(@TempDir Path dir) {
        List<String> heard = new CopyOnWriteArrayList<>();
        StateListener terminalOnly = new StateListener() {
            @Override
            public Set<StateType> stateTypes() {
                return Set.of(StateType.COMPLETED, StateType.FAILED);
            }

            @Override
            public void onStateChange(StateChange change) {
                heard.add(change.flowName() + ":" + change.from().name() + "->" + change.to().name());
            }
        };
        StateListener broken = change -> {
            throw new IllegalStateException("listener down");
        };
        try (Database db = TestDatabase.SQLITE.open(dir)) {
            try (var orchestrator = new LocalOrchestrator(db, () -> new PolicySet(List.of(), List.of(), List.of(), List.of()),
                    List.of(broken, terminalOnly))) {
                RunRow.Builder b = RunRow.builder(UUID.randomUUID(), RunKind.FLOW);
                b.flowName = "etl";
                UUID id = orchestrator.createRun(b.build()).id();
                orchestrator.propose(id, RunKind.FLOW, State.pending(), false);
                orchestrator.propose(id, RunKind.FLOW, State.running(), false);
                orchestrator.propose(id, RunKind.FLOW, State.completed(), false);
            }
            assertThat(heard).containsExactly("etl:Running->Completed");
        }
    }
}

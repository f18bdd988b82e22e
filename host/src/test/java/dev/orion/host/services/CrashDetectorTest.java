package dev.orion.host.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.RunPolicy;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.orchestration.Orchestrators;
import dev.orion.host.orchestration.rules.CorePolicies;
import dev.orion.host.store.Database;
import dev.orion.host.store.HeartbeatStore;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.store.WorkQueueStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CrashDetectorTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRunWhoseHeartbeatStoppedIsCrashedAndRescheduledWhileItHasRetriesLeft(TestDatabase kind) {
        try (Database db = kind.open(dir);
             Orchestrator orchestrator = orchestrator(db, kind)) {
            HeartbeatStore beats = new HeartbeatStore(db);
            Instant now = Instant.now();
            UUID silentWithRetries = running(orchestrator, 1);
            UUID silentSpent = running(orchestrator, 0);
            UUID alive = running(orchestrator, 1);
            RunRow.Builder t = RunRow.builder(UUID.randomUUID(), RunKind.TASK);
            t.flowRunId = silentWithRetries;
            t.taskKey = "work";
            UUID task = orchestrator.createRun(t.build()).id();
            orchestrator.propose(task, RunKind.TASK, State.pending(), false);
            orchestrator.propose(task, RunKind.TASK, State.running(), false);
            beats.beat(silentWithRetries, now.minusSeconds(120));
            beats.beat(silentSpent, now.minusSeconds(120));
            beats.beat(alive, now.minusSeconds(5));

            int crashed = new CrashDetector(db, orchestrator, Clock.systemUTC(), Duration.ofSeconds(60),
                    now.minusSeconds(3600)).runOnce();

            assertThat(crashed).isEqualTo(2);
            assertThat(names(orchestrator, silentWithRetries)).endsWith("Running", "Crashed", "AwaitingRetry");
            assertThat(orchestrator.readRun(silentWithRetries, RunKind.FLOW).orElseThrow().state().type())
                    .isEqualTo(StateType.SCHEDULED);
            assertThat(orchestrator.readRun(task, RunKind.TASK).orElseThrow().state().type()).isEqualTo(StateType.CRASHED);
            assertThat(orchestrator.readRun(silentSpent, RunKind.FLOW).orElseThrow().state().type())
                    .isEqualTo(StateType.CRASHED);
            assertThat(orchestrator.readRun(alive, RunKind.FLOW).orElseThrow().state().type()).isEqualTo(StateType.RUNNING);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aServerThatJustStartedGivesWorkersAFullTimeoutToHeartbeatAgain(TestDatabase kind) {
        try (Database db = kind.open(dir);
             Orchestrator orchestrator = orchestrator(db, kind)) {
            Instant now = Instant.now();
            UUID silentWhileTheServerWasDown = running(orchestrator, 1);
            new HeartbeatStore(db).beat(silentWhileTheServerWasDown, now.minusSeconds(120));

            CrashDetector justStarted = new CrashDetector(db, orchestrator, Clock.systemUTC(), Duration.ofSeconds(60),
                    now.minusSeconds(30));

            assertThat(justStarted.runOnce()).isZero();
            assertThat(orchestrator.readRun(silentWhileTheServerWasDown, RunKind.FLOW).orElseThrow().state().type())
                    .isEqualTo(StateType.RUNNING);
            CrashDetector watchingLongEnough = new CrashDetector(db, orchestrator, Clock.systemUTC(),
                    Duration.ofSeconds(60), now.minusSeconds(61));
            assertThat(watchingLongEnough.runOnce()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRunWhoseWorkerDiedBetweenClaimAndFirstHeartbeatIsCrashedAndRescheduled(TestDatabase kind) {
        try (Database db = kind.open(dir);
             Orchestrator orchestrator = orchestrator(db, kind)) {
            RunRow.Builder b = RunRow.builder(UUID.randomUUID(), RunKind.FLOW);
            b.flowName = "remote";
            b.policy = RunPolicy.retries(1, 0);
            b.deploymentId = UUID.randomUUID();
            b.workQueueName = "q";
            UUID id = orchestrator.createRun(b.build()).id();
            orchestrator.propose(id, RunKind.FLOW, State.scheduled(Instant.now().minusSeconds(1)), true);
            orchestrator.flush();
            assertThat(new WorkQueueStore(db).claimDue("q", Instant.now(), 10, "doomed")).hasSize(1);
            orchestrator.propose(id, RunKind.FLOW, State.pending(), false);

            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(120));
            int crashed = new CrashDetector(db, orchestrator, later, Duration.ofSeconds(60), Instant.EPOCH).runOnce();

            assertThat(crashed).isEqualTo(1);
            assertThat(names(orchestrator, id)).endsWith("Pending", "Crashed", "AwaitingRetry");
        }
    }

    private static Orchestrator orchestrator(Database db, TestDatabase kind) {
        return Orchestrators.forDatabase(db, kind == TestDatabase.POSTGRESQL, CorePolicies::policySet, List.of());
    }

    private static UUID running(Orchestrator orchestrator, int retries) {
        RunRow.Builder b = RunRow.builder(UUID.randomUUID(), RunKind.FLOW);
        b.flowName = "remote";
        b.policy = RunPolicy.retries(retries, 0);
        b.infrastructurePid = "worker-1:4242";
        b.deploymentId = UUID.randomUUID();
        UUID id = orchestrator.createRun(b.build()).id();
        orchestrator.propose(id, RunKind.FLOW, State.pending(), false);
        orchestrator.propose(id, RunKind.FLOW, State.running(), false);
        return id;
    }

    private static List<String> names(Orchestrator orchestrator, UUID id) {
        return orchestrator.readStates(id, RunKind.FLOW).stream().map(s -> s.state().name()).toList();
    }
}

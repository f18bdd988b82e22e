package dev.orion.host.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.api.orchestration.TransitionContext;
import dev.orion.host.store.Database;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.StateRow;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.Eventually;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LocalOrchestratorTest {

    @TempDir
    Path dir;

    private static PolicySet policy(List<OrchestrationRule> flow) {
        return new PolicySet(flow, List.of(), List.of(), List.of());
    }

    private static RunRow aFlowRun(String flow) {
        RunRow.Builder b = RunRow.builder(UUID.randomUUID(), RunKind.FLOW);
        b.flowName = flow;
        b.parameters = "{}";
        return b.build();
    }

    @Test
    void finishedRunsLeaveMemoryAgainAfterALateProposal() throws Exception {
        try (Database db = TestDatabase.SQLITE.open(dir)) {
            LocalOrchestrator o = new LocalOrchestrator(db);
            RunRow flow = o.createRun(aFlowRun("short"));
            RunRow.Builder tb = RunRow.builder(UUID.randomUUID(), RunKind.TASK);
            tb.flowRunId = flow.id();
            tb.taskKey = "t";
            RunRow task = o.createRun(tb.build());
            for (State s : List.of(State.pending(), State.running(), State.completed())) {
                o.propose(flow.id(), RunKind.FLOW, s, false);
                o.propose(task.id(), RunKind.TASK, s, false);
            }
            o.flush();
            awaitEmpty(o);

            // A late proposal on the finished task run (a client retrying) reloads it, and its flow run is only read.
            OrchestrationResult late = o.propose(task.id(), RunKind.TASK, State.running(), false);
            o.flush();

            assertThat(late.isAccepted()).isFalse();
            awaitEmpty(o);
        }
    }

    private static void awaitEmpty(LocalOrchestrator o) {
        Eventually.until("no runs held in memory (" + o.runsInMemory() + " now)", () -> o.runsInMemory() == 0);
    }

    /** Rejects Running → Failed into AwaitingRetry; records what its hooks saw. */
    static final class RetryOnce extends AbstractOrchestrationRule {
        final List<String> calls = new CopyOnWriteArrayList<>();

        RetryOnce() {
            super("RetryOnce", "retries once", RunKind.BOTH, Set.of(StateType.RUNNING), false,
                    Set.of(StateType.FAILED));
        }

        @Override
        public void beforeTransition(TransitionContext ctx) {
            calls.add("before");
            if (ctx.run().runCount() < 2) {
                ctx.reject(State.awaitingRetry(ctx.now()), "Retrying");
            }
        }

        @Override
        public void afterTransition(TransitionContext ctx) {
            calls.add("after");
        }

        @Override
        public void cleanup(TransitionContext ctx) {
            calls.add("cleanup");
        }
    }

    /** Throws before every transition into Completed. */
    static final class Broken extends AbstractOrchestrationRule {
        Broken() {
            super("Broken", "", RunKind.BOTH, StateType.ALL, true, Set.of(StateType.COMPLETED));
        }

        @Override
        public void beforeTransition(TransitionContext ctx) {
            throw new IllegalStateException("boom");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void recordsEveryStateAndDecisionWithTheRuleBehindIt(TestDatabase kind) {
        var rule = new RetryOnce();
        try (Database db = kind.open(dir); var orchestrator = new LocalOrchestrator(db, () -> policy(List.of(rule)))) {
            RunRow run = orchestrator.createRun(aFlowRun("etl"));
            UUID id = run.id();
            assertThat(orchestrator.propose(id, RunKind.FLOW, State.pending(), false).status()).isEqualTo(ResultStatus.ACCEPT);
            orchestrator.propose(id, RunKind.FLOW, State.running(), false);
            OrchestrationResult failed = orchestrator.propose(id, RunKind.FLOW, State.failed("oops"), false);

            assertThat(failed.status()).isEqualTo(ResultStatus.REJECT);
            assertThat(failed.state().name()).isEqualTo("AwaitingRetry");
            assertThat(failed.details().rule()).isEqualTo("RetryOnce");
            assertThat(rule.calls).containsExactly("before", "cleanup");

            orchestrator.propose(id, RunKind.FLOW, State.running(), false);
            OrchestrationResult done = orchestrator.propose(id, RunKind.FLOW, State.failed("again"), false);
            assertThat(done.status()).isEqualTo(ResultStatus.ACCEPT);
            assertThat(rule.calls).containsExactly("before", "cleanup", "before", "after");

            List<StateRow> states = orchestrator.readStates(id, RunKind.FLOW);
            assertThat(states).extracting(s -> s.state().name())
                    .containsExactly("Pending", "Running", "AwaitingRetry", "Running", "Failed");
            assertThat(states.get(2).rule()).isEqualTo("RetryOnce");
            assertThat(states.get(2).reason()).isEqualTo("Retrying");
            assertThat(orchestrator.readDecisions(id, RunKind.FLOW)).hasSize(5)
                    .extracting(d -> d.status()).containsExactly(ResultStatus.ACCEPT, ResultStatus.ACCEPT,
                            ResultStatus.REJECT, ResultStatus.ACCEPT, ResultStatus.ACCEPT);
            assertThat(orchestrator.readDecisions(id, RunKind.FLOW).get(2).trace())
                    .containsExactly("RetryOnce: REJECT to AwaitingRetry (Retrying)");

            RunRow stored = new RunStore(db).findRun(id, RunKind.FLOW).orElseThrow();
            assertThat(stored.runCount()).isEqualTo(2);
            assertThat(stored.state().type()).isEqualTo(StateType.FAILED);
            assertThat(stored.startTime()).isNotNull();
            assertThat(stored.endTime()).isNotNull();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRuleThatThrowsAbortsTheTransitionAndKeepsWhatWasRecorded(TestDatabase kind) {
        try (Database db = kind.open(dir);
             var orchestrator = new LocalOrchestrator(db, () -> policy(List.of(new Broken())))) {
            UUID id = orchestrator.createRun(aFlowRun("etl")).id();
            orchestrator.propose(id, RunKind.FLOW, State.running(), false);
            OrchestrationResult result = orchestrator.propose(id, RunKind.FLOW, State.completed(), false);

            assertThat(result.status()).isEqualTo(ResultStatus.ABORT);
            assertThat(result.details().reason()).contains("Broken").contains("boom");
            assertThat(result.state().type()).isEqualTo(StateType.RUNNING);
            assertThat(orchestrator.readStates(id, RunKind.FLOW)).extracting(s -> s.state().name()).containsExactly("Running");
            assertThat(orchestrator.readDecisions(id, RunKind.FLOW)).last()
                    .satisfies(d -> assertThat(d.rule()).isEqualTo("Broken"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void forcedProposalsSkipThePolicyButKeepTheBooks(TestDatabase kind) {
        try (Database db = kind.open(dir);
             var orchestrator = new LocalOrchestrator(db, () -> policy(List.of(new Broken())))) {
            UUID id = orchestrator.createRun(aFlowRun("etl")).id();
            orchestrator.propose(id, RunKind.FLOW, State.running(), false);
            assertThat(orchestrator.propose(id, RunKind.FLOW, State.completed(), true).status())
                    .isEqualTo(ResultStatus.ACCEPT);
            orchestrator.flush();
            RunRow stored = new RunStore(db).findRun(id, RunKind.FLOW).orElseThrow();
            assertThat(stored.endTime()).isNotNull();
            assertThat(stored.totalRunTimeMicros()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void anUnknownRunIdIsAClearError() {
        try (Database db = TestDatabase.SQLITE.open(dir); var orchestrator = new LocalOrchestrator(db, () -> policy(List.of()))) {
            UUID id = UUID.randomUUID();
            assertThatThrownBy(() -> orchestrator.propose(id, RunKind.FLOW, State.running(), false))
                    .isInstanceOf(NoSuchRunException.class).hasMessageContaining(id.toString());
        }
    }

    @Test
    void eightThreadsProposingOnTheirOwnRunsAgainstOneSqliteFileLoseNothing() throws Exception {
        try (Database db = TestDatabase.SQLITE.open(dir); var orchestrator = new LocalOrchestrator(db, () -> policy(List.of()))) {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(orchestrator.createRun(aFlowRun("load")).id());
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new ArrayList<>();
            for (UUID id : ids) {
                futures.add(pool.submit(() -> {
                    for (int n = 0; n < 500; n++) {
                        State s = n % 2 == 0 ? State.pending() : State.running();
                        assertThat(orchestrator.propose(id, RunKind.FLOW, s, false).isAccepted()).isTrue();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            orchestrator.flush();
            RunStore store = new RunStore(db);
            for (UUID id : ids) {
                assertThat(store.states(id)).hasSize(500);
                assertThat(store.decisions(id)).hasSize(500);
                assertThat(store.findRun(id, RunKind.FLOW).orElseThrow().runCount()).isEqualTo(250);
            }
        }
    }
}

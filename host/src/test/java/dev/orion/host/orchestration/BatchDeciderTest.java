package dev.orion.host.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orion.api.OrionException;
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
import dev.orion.host.store.StateRow;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.Eventually;
import dev.orion.host.util.TimeSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proposals that arrive together at one server are decided in one transaction: each as its run
 * stood after the proposals before it, a failing member alone, and no deadlock between batches.
 * Batches are formed on purpose: a rule holds the only deciding transaction on a "gate" run while
 * the members queue behind it.
 */
class BatchDeciderTest {

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CountDownLatch open = new CountDownLatch(1);
    private final Gate gateRule = new Gate(open);

    @AfterEach
    void stop() {
        open.countDown();
        pool.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = "POSTGRESQL")
    void proposalsArrivingTogetherAreEachDecidedAsTheirRunStoodAndAnsweredAlone(TestDatabase kind) throws Exception {
        try (Database db = Database.open(kind.url(dir)); var server = oneLeader(db)) {
            UUID flow = server.createRun(aFlowRun("etl")).id();
            UUID broken = server.createRun(aFlowRun("broken")).id();
            UUID task = server.createRun(aTaskRun(flow, "extract")).id();
            UUID other = server.createRun(aTaskRun(flow, "load")).id();
            UUID proposalId = UUID.randomUUID();
            Future<OrchestrationResult> gate = holdTheLeader(server);

            List<Future<OrchestrationResult>> answers = queue(server,
                    () -> server.propose(flow, RunKind.FLOW, State.pending(), false),
                    () -> server.propose(flow, RunKind.FLOW, State.running(), false),
                    () -> server.propose(task, RunKind.TASK, State.running(), false),
                    () -> server.propose(task, RunKind.TASK, State.completed(), false, proposalId),
                    () -> server.propose(task, RunKind.TASK, State.completed(), false, proposalId),
                    () -> server.propose(UUID.randomUUID(), RunKind.TASK, State.running(), false),
                    () -> server.propose(broken, RunKind.FLOW, State.running(), false),
                    () -> server.propose(other, RunKind.TASK, State.running(), false));
            open.countDown();

            assertThat(gate.get(60, TimeUnit.SECONDS).isAccepted()).isTrue();
            assertThat(answers.get(0).get(60, TimeUnit.SECONDS).isAccepted()).isTrue();
            assertThat(answers.get(1).get(60, TimeUnit.SECONDS).isAccepted()).isTrue();
            assertThat(server.readStates(flow, RunKind.FLOW)).extracting(s -> s.state().type())
                    .containsExactly(StateType.PENDING, StateType.RUNNING);
            assertThat(server.readRun(flow, RunKind.FLOW).orElseThrow().runCount()).isEqualTo(1);

            assertThat(answers.get(2).get(60, TimeUnit.SECONDS).isAccepted()).isTrue();
            OrchestrationResult completed = answers.get(3).get(60, TimeUnit.SECONDS);
            assertThat(completed.isAccepted()).isTrue();
            assertThat(answers.get(4).get(60, TimeUnit.SECONDS).state()).isEqualTo(completed.state());
            assertThat(server.readStates(task, RunKind.TASK)).extracting(s -> s.state().type())
                    .containsExactly(StateType.RUNNING, StateType.COMPLETED);

            assertThatThrownBy(() -> answers.get(5).get(60, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(NoSuchRunException.class);
            OrchestrationResult aborted = answers.get(6).get(60, TimeUnit.SECONDS);
            assertThat(aborted.status()).isEqualTo(ResultStatus.ABORT);
            assertThat(aborted.details().reason()).contains("Broken");
            assertThat(server.readStates(broken, RunKind.FLOW)).isEmpty();
            assertThat(answers.get(7).get(60, TimeUnit.SECONDS).isAccepted()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = "POSTGRESQL")
    void aMemberTheDatabaseRefusesFailsAloneAndTheOthersAreWritten(TestDatabase kind) throws Exception {
        try (Database db = Database.open(kind.url(dir)); var server = oneLeader(db)) {
            UUID flow = server.createRun(aFlowRun("etl")).id();
            UUID good = server.createRun(aTaskRun(flow, "extract")).id();
            UUID bad = server.createRun(aTaskRun(flow, "load")).id();
            UUID alsoGood = server.createRun(aTaskRun(flow, "report")).id();
            Future<OrchestrationResult> gate = holdTheLeader(server);

            // A state name longer than the column holds: the database refuses the batch's write.
            State tooLong = State.running().withName("R".repeat(200));
            List<Future<OrchestrationResult>> answers = queue(server,
                    () -> server.propose(good, RunKind.TASK, State.running(), false),
                    () -> server.propose(bad, RunKind.TASK, tooLong, false),
                    () -> server.propose(alsoGood, RunKind.TASK, State.running(), false));
            open.countDown();

            assertThat(gate.get(60, TimeUnit.SECONDS).isAccepted()).isTrue();
            assertThat(answers.get(0).get(60, TimeUnit.SECONDS).isAccepted()).isTrue();
            assertThatThrownBy(() -> answers.get(1).get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(OrionException.class);
            assertThat(answers.get(2).get(60, TimeUnit.SECONDS).isAccepted()).isTrue();
            assertThat(server.readStates(good, RunKind.TASK)).hasSize(1);
            assertThat(server.readStates(bad, RunKind.TASK)).isEmpty();
            assertThat(server.readStates(alsoGood, RunKind.TASK)).hasSize(1);
        }
    }

    /** Two servers, each batching; threads propose on the same runs in opposite orders. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = "POSTGRESQL")
    void batchesLockingTheSameRunsInCrossingOrdersNeverDeadlockNorLoseATransition(TestDatabase kind)
            throws Exception {
        String url = kind.url(dir);
        try (Database a = Database.open(url); Database b = Database.open(url);
             var serverA = new StoreOrchestrator(a, () -> policy(List.of()), List.of(), TimeSource.SYSTEM, 2);
             var serverB = new StoreOrchestrator(b, () -> policy(List.of()), List.of(), TimeSource.SYSTEM, 2)) {
            UUID flow = serverA.createRun(aFlowRun("crossing")).id();
            List<UUID> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                tasks.add(serverA.createRun(aTaskRun(flow, "t" + i)).id());
            }
            int threads = 12;
            int rounds = 10;
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                StoreOrchestrator server = t % 2 == 0 ? serverA : serverB;
                List<UUID> order = new ArrayList<>(tasks);
                if (t % 4 >= 2) {
                    Collections.reverse(order);
                }
                done.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        for (UUID id : order) {
                            assertThat(server.propose(id, RunKind.TASK, State.running(), false).isAccepted()).isTrue();
                        }
                        assertThat(server.propose(flow, RunKind.FLOW, State.running(), false).isAccepted()).isTrue();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
            for (UUID id : tasks) {
                List<StateRow> states = serverA.readStates(id, RunKind.TASK);
                assertThat(states).hasSize(threads * rounds);
                assertThat(serverB.readRun(id, RunKind.TASK).orElseThrow().runCount()).isEqualTo(threads * rounds);
            }
            assertThat(serverA.readStates(flow, RunKind.FLOW)).hasSize(threads * rounds);
        }
    }

    private StoreOrchestrator oneLeader(Database db) {
        return new StoreOrchestrator(db, () -> policy(List.of(gateRule, new Broken())), List.of(),
                TimeSource.SYSTEM, 1);
    }

    /** A proposal on a gate run that holds the one deciding transaction until the test opens it. */
    private Future<OrchestrationResult> holdTheLeader(StoreOrchestrator server) {
        UUID gate = server.createRun(aFlowRun("gate")).id();
        Future<OrchestrationResult> held = pool.submit(() -> server.propose(gate, RunKind.FLOW, State.running(), false));
        Eventually.until("the gate's proposal is being decided", () -> gateRule.deciding.get() > 0);
        return held;
    }

    /** Submits each proposal once the one before it waits in the queue, so they wait in this order. */
    @SafeVarargs
    private List<Future<OrchestrationResult>> queue(StoreOrchestrator server,
                                                   Callable<OrchestrationResult>... proposals) {
        List<Future<OrchestrationResult>> answers = new ArrayList<>();
        for (var p : proposals) {
            int before = server.proposalsWaiting();
            answers.add(pool.submit(p));
            Eventually.until("proposal " + answers.size() + " waits", () -> server.proposalsWaiting() == before + 1);
        }
        return answers;
    }

    /** Holds every proposal on a run of the flow named "gate" until the latch opens. */
    static final class Gate extends AbstractOrchestrationRule {
        final AtomicInteger deciding = new AtomicInteger();
        private final CountDownLatch open;

        Gate(CountDownLatch open) {
            super("Gate", "", RunKind.BOTH, StateType.ALL, true, StateType.ALL);
            this.open = open;
        }

        @Override
        public void beforeTransition(TransitionContext ctx) throws InterruptedException {
            if ("gate".equals(ctx.run().flowName()) && ctx.run().kind() == RunKind.FLOW) {
                deciding.incrementAndGet();
                open.await();
            }
        }
    }

    /** Throws before every transition of a run of the flow named "broken". */
    static final class Broken extends AbstractOrchestrationRule {
        Broken() {
            super("Broken", "", RunKind.BOTH, StateType.ALL, true, StateType.ALL);
        }

        @Override
        public void beforeTransition(TransitionContext ctx) {
            if ("broken".equals(ctx.run().flowName())) {
                throw new IllegalStateException("boom");
            }
        }
    }

    private static PolicySet policy(List<OrchestrationRule> rules) {
        return new PolicySet(rules, rules, List.of(), List.of());
    }

    private static RunRow aFlowRun(String flow) {
        RunRow.Builder r = RunRow.builder(UUID.randomUUID(), RunKind.FLOW);
        r.flowName = flow;
        return r.build();
    }

    private static RunRow aTaskRun(UUID flowRun, String key) {
        RunRow.Builder t = RunRow.builder(UUID.randomUUID(), RunKind.TASK);
        t.flowRunId = flowRun;
        t.taskKey = key;
        t.dynamicKey = "0";
        return t.build();
    }
}

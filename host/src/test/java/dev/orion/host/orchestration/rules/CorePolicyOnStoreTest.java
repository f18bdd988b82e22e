package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.orchestration.ConcurrencyLimit;
import dev.orion.host.orchestration.LocalOrchestrator;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.orchestration.StoreOrchestrator;
import dev.orion.host.store.CacheStore;
import dev.orion.host.store.ConcurrencyLimitStore;
import dev.orion.host.store.Database;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.TransitionSpec;
import dev.orion.host.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared core-policy cases (ported from Prefect's test_core_policy.py) decided by the real
 * {@link LocalOrchestrator} over a real store, on SQLite and on PostgreSQL: the run, its
 * flow run, the concurrency limits and the cache entries are stored first, then the
 * proposal is made as the engine would make it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorePolicyOnStoreTest {

    private final Map<TestDatabase, Database> databases = new EnumMap<>(TestDatabase.class);

    static Stream<Arguments> cases() {
        List<PolicyCase> all = CorePolicyCases.all().toList();
        return Stream.of(TestDatabase.values()).flatMap(db -> Stream.of("local", "store").flatMap(mode ->
                IntStream.range(0, all.size()).mapToObj(i -> Arguments.of(db, mode, i, all.get(i).toString()))));
    }

    @ParameterizedTest(name = "{0} {1}: {3}")
    @MethodSource("cases")
    void theOrchestratorDecidesAsPrefectDoes(TestDatabase kind, String mode, int index, String description)
            throws Exception {
        Database db = database(kind);
        // Built now, so the times in the case are relative to this moment, not to the start of the class.
        PolicyCase c = CorePolicyCases.all().skip(index).findFirst().orElseThrow();
        TransitionSpec spec = c.given();
        store(db, spec);
        try (Orchestrator orchestrator = mode.equals("local") ? new LocalOrchestrator(db, CorePolicies::policySet)
                : new StoreOrchestrator(db, CorePolicies::policySet, List.of())) {
            var result = orchestrator.propose(spec.run().id(), spec.run().kind(), spec.proposed(), false);
            c.expected().verify(result, spec.now());
        }
    }

    private Database database(TestDatabase kind) throws Exception {
        Database db = databases.get(kind);
        if (db == null) {
            db = kind.open(Files.createTempDirectory("orion-policy"));
            databases.put(kind, db);
        }
        return db;
    }

    /** Stores everything the spec starts from, replacing what an earlier case left. */
    private static void store(Database db, TransitionSpec spec) {
        db.writer().transact(c -> {
            try (var s = c.createStatement()) {
                s.executeUpdate("DELETE FROM concurrency_limit");
                s.executeUpdate("DELETE FROM task_cache");
            }
            return null;
        });
        RunStore runs = new RunStore(db);
        var run = spec.run();
        UUID flowId = runs.ensureFlow(run.flowName());
        UUID flowRunId = run.flowRun() != null ? run.flowRun().id() : UUID.randomUUID();
        if (run.kind() == RunKind.TASK && run.flowRun() != null) {
            RunRow.Builder fr = RunRow.builder(flowRunId, RunKind.FLOW);
            fr.flowId = flowId;
            fr.flowName = run.flowName();
            fr.name = "flow-of-" + run.name();
            fr.state = run.flowRun().state();
            fr.runCount = run.flowRun().runCount();
            runs.saveRun(fr.build());
        }
        RunRow.Builder b = RunRow.builder(run.id(), run.kind());
        b.name = run.name();
        b.flowName = run.flowName();
        b.flowId = run.kind() == RunKind.FLOW ? flowId : null;
        b.flowRunId = run.kind() == RunKind.TASK ? flowRunId : null;
        b.taskKey = run.taskKey();
        b.dynamicKey = "0";
        b.tags = run.tags();
        b.policy = run.policy();
        b.runCount = run.runCount();
        b.flowRunRunCount = run.flowRunRunCount();
        b.parentTaskRunId = run.parentTaskRunId();
        b.deploymentId = run.deploymentId();
        b.infrastructurePid = run.infrastructurePid();
        b.state = spec.initial();
        runs.saveRun(b.build());
        var limits = new ConcurrencyLimitStore(db);
        for (ConcurrencyLimit l : spec.limits()) {
            limits.upsert(l.tag(), l.limit());
            db.writer().transact(c -> {
                try (var ps = c.prepareStatement("UPDATE concurrency_limit SET active_slots = ? WHERE tag = ?")) {
                    ps.setString(1, Json.write(l.activeSlots()));
                    ps.setString(2, l.tag());
                    ps.executeUpdate();
                }
                return null;
            });
        }
        var cache = new CacheStore(db);
        for (TransitionSpec.CacheEntry e : spec.cache()) {
            cache.put(e.key(), e.state(), e.expiration(), null);
        }
        db.writer().flush();
    }

    @AfterAll
    void close() {
        databases.values().forEach(Database::close);
    }
}

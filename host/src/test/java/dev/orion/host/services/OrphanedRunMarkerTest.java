package dev.orion.host.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.host.testing.ChildJvm;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.store.Database;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import dev.orion.host.testing.Eventually;
import dev.orion.host.testing.Heavy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Heavy
class OrphanedRunMarkerTest {

    @TempDir
    Path home;

    @Test
    void aJvmKilledInTheMiddleOfAThousandTaskFlowLeavesAnIntactDatabaseAndARunMarkedCrashedAtTheNextStart()
            throws Exception {
        OrionSettings settings = OrionSettings.fromMap(Map.of("ORION_HOME", home.toString()));
        Process child = new ProcessBuilder(ChildJvm.command(System.getProperty("java.class.path"),
                KilledFlowProcess.class, List.of(), home.toString()))
                .redirectErrorStream(true).redirectOutput(home.resolve("child.log").toFile()).start();
        long statesBeforeKill;
        try {
            statesBeforeKill = waitForStates(settings, 150);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            child.waitFor(30, TimeUnit.SECONDS);
        }

        try (Connection c = DriverManager.getConnection(settings.databaseUrl());
             ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
        try (Orion orion = Orion.local(settings)) {
            Database db = orion.database();
            assertThat(count(db, "SELECT COUNT(*) FROM run_state")).isGreaterThanOrEqualTo(statesBeforeKill);
            RunRow run = new RunStore(db).listFlowRuns(10, null, "thousand").getFirst();
            assertThat(run.state().type()).isEqualTo(StateType.CRASHED);
            assertThat(run.state().message()).contains("ended without finishing it");
            List<RunRow> tasks = new RunStore(db).taskRunsOf(run.id());
            assertThat(tasks).isNotEmpty().allSatisfy(t -> assertThat(t.state().isTerminal()).isTrue());
            assertThat(tasks).filteredOn(t -> t.state().type() == StateType.COMPLETED).hasSizeGreaterThan(10);
        }
    }

    @Test
    void runsOfALiveProcessAreLeftAlone() {
        OrionSettings settings = OrionSettings.fromMap(Map.of("ORION_HOME", home.toString()));
        UUID id;
        try (Orion orion = Orion.local(settings)) {
            RunRow.Builder b = RunRow.builder(UUID.randomUUID(), RunKind.FLOW);
            b.flowName = "busy";
            b.infrastructurePid = OrphanedRunMarker.thisProcess();
            id = orion.orchestrator().createRun(b.build()).id();
            orion.orchestrator().propose(id, RunKind.FLOW, State.running(), false);
        }
        try (Orion orion = Orion.local(settings)) {
            assertThat(orion.orchestrator().readRun(id, RunKind.FLOW).orElseThrow().state().type())
                    .isEqualTo(StateType.RUNNING);
        }
    }

    private static long waitForStates(OrionSettings settings, long atLeast) {
        return Eventually.value("the child JVM to record " + atLeast + " states (see child.log in " + settings.home()
                + ")", () -> {
                    try (Connection c = DriverManager.getConnection(settings.databaseUrl() + "?busy_timeout=5000");
                         ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM run_state")) {
                        rs.next();
                        return rs.getLong(1) >= atLeast ? rs.getLong(1) : null;
                    } // an SQLException (no schema yet) counts as not yet
                });
    }

    private static long count(Database db, String sql) {
        return db.query(sql, ps -> { }, rs -> rs.getLong(1)).getFirst();
    }
}

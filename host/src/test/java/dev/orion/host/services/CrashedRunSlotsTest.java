package dev.orion.host.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.store.Database;
import dev.orion.host.store.GlobalLimitStore;
import dev.orion.host.testing.ChildJvm;
import dev.orion.host.testing.Eventually;
import dev.orion.host.testing.Heavy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The global-limit slots of a run whose JVM was killed are freed when the run is marked Crashed. */
@Heavy
class CrashedRunSlotsTest {

    @TempDir
    Path home;

    @Test
    void aKilledRunsSlotIsFreedWhenOrionNextStarts() throws Exception {
        OrionSettings settings = OrionSettings.fromMap(Map.of("ORION_HOME", home.toString()));
        try (Orion orion = Orion.local(settings)) {
            new GlobalLimitStore(orion.database()).create("db", 1, true, 0, 0, 0);
        }
        Process child = new ProcessBuilder(ChildJvm.command(System.getProperty("java.class.path"),
                SlotHolderProcess.class, List.of(), home.toString()))
                .redirectErrorStream(true).redirectOutput(home.resolve("child.log").toFile()).start();
        try {
            Eventually.until("the child's flow holds the slot", () -> {
                try (Database db = Database.open(settings.databaseUrl())) {
                    return new GlobalLimitStore(db).find("db").orElseThrow().activeSlots() == 1;
                }
            });
        } finally {
            child.destroyForcibly(); // SIGKILL: the slot is never freed by the flow
            child.waitFor(30, TimeUnit.SECONDS);
        }

        try (Orion orion = Orion.local(settings)) {
            assertThat(new GlobalLimitStore(orion.database()).find("db").orElseThrow().activeSlots())
                    .as("freed when the run was marked Crashed").isZero();
        }
    }
}

package dev.orion.host.services;

import dev.orion.api.Concurrency;
import dev.orion.api.Flow;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** A JVM whose flow takes a slot of the global limit "db" and holds it until the JVM is killed. */
public final class SlotHolderProcess {

    static final Flow<String> HOLDS = Flow.of("holds-a-slot", () -> {
        try (var slot = Concurrency.occupy("db", 1)) {
            new CountDownLatch(1).await();
        }
        return "never";
    });

    private SlotHolderProcess() {
    }

    public static void main(String[] args) {
        try (Orion orion = Orion.local(OrionSettings.fromMap(Map.of("ORION_HOME", args[0])))) {
            orion.run(HOLDS, Map.of());
        }
    }
}

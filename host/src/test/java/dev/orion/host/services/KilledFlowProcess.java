package dev.orion.host.services;

import dev.orion.api.Flow;
import dev.orion.api.Task;
import dev.orion.api.TaskRunnerSpec;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A JVM that runs a 1,000-task flow which never gets past its 200th task, to be killed with
 * SIGKILL by {@link OrphanedRunMarkerTest} while the flow is certainly unfinished.
 */
public final class KilledFlowProcess {

    static final Task<Integer> slow = Task.of("slow", (Integer i) -> {
        if (i == 200) {
            new CountDownLatch(1).await(); // until the test kills this JVM
        }
        return i;
    });

    static final Flow<Integer> thousand = Flow.of("thousand", () -> {
        int sum = 0;
        for (int i = 0; i < 1_000; i++) {
            sum += slow.call(i);
        }
        return sum;
    }).withTaskRunner(TaskRunnerSpec.sequential());

    public static void main(String[] args) {
        OrionSettings settings = OrionSettings.fromMap(Map.of("ORION_HOME", args[0]));
        try (Orion orion = Orion.local(settings)) {
            orion.call(thousand);
        }
    }
}

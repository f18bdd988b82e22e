package com.example;

import dev.orion.api.Flow;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.host.Orion;
import dev.orion.host.engine.FlowRunOutcome;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** An application that runs an Orion flow in its own process, with Orion's store at $ORION_HOME. */
public final class LibraryApp {

    static final Task<Integer> square = Task.of("square", (Integer x) -> x * x);

    static final Flow<Integer> sumOfSquares = Flow.of("sum-of-squares", (Integer n) -> {
        List<TaskFuture<Integer>> squares = square.map(IntStream.range(0, n).boxed().toList());
        return squares.stream().mapToInt(TaskFuture::result).sum();
    }).withDefault("n", 10);

    private LibraryApp() {
    }

    public static void main(String[] args) {
        try (Orion orion = Orion.local()) {
            FlowRunOutcome run = orion.run(sumOfSquares, args.length > 0 ? Map.of("n", args[0]) : Map.of());
            System.out.println("flow run " + run.flowRunId() + " ended " + run.state().label()
                    + " with " + run.result());
            System.exit(run.isCompleted() ? 0 : 1);
        }
    }
}

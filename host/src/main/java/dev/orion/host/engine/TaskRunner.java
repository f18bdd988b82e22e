package dev.orion.host.engine;

import dev.orion.api.TaskRunnerSpec;

/**
 * Runs the task runs a flow run submits. One per flow run. Thread-safe.
 */
interface TaskRunner {

    /** Starts the work of one task run (inputs, proposals, body), now or later. */
    void submit(Runnable work);

    /** Called before a task body runs; blocks while the runner is at its max concurrency. */
    void enterBody() throws InterruptedException;

    /** Called after a task body ran. */
    void exitBody();

    /** Interrupts every task run still working (the flow run ended early). */
    void interruptAll();

    /** The runner for a flow's {@link TaskRunnerSpec}. */
    static TaskRunner create(TaskRunnerSpec spec) {
        return switch (spec.kind()) {
            case SEQUENTIAL -> new SequentialTaskRunner();
            case CONCURRENT -> new ConcurrentTaskRunner(spec.maxConcurrency());
        };
    }
}

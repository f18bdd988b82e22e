package dev.orion.host.engine;

import dev.orion.api.TaskRunner;
import dev.orion.api.TaskRunnerSpec;

/** The built-in runner {@code "sequential"}: each task run to its end in the submitting thread. Thread-safe. */
final class SequentialTaskRunner implements TaskRunner {

    private static final Session IN_CALLER = new Session() {
        @Override
        public void submit(Runnable work) {
            work.run();
        }

        @Override
        public void interruptAll() {
        }
    };

    @Override
    public String name() {
        return TaskRunnerSpec.SEQUENTIAL;
    }

    @Override
    public Session open(TaskRunnerSpec spec) {
        return IN_CALLER;
    }
}

package dev.orion.host.engine;

import dev.orion.api.TaskRunner;
import dev.orion.api.TaskRunnerSpec;
import dev.orion.api.VirtualThreadSession;
import java.util.concurrent.Semaphore;

/**
 * The built-in runner {@code "concurrent"}: each task run on its own virtual thread; with a
 * max concurrency, at most that many task bodies run at once (waiting for inputs does not
 * count, so downstream runs cannot starve their upstream). Thread-safe.
 */
final class ConcurrentTaskRunner implements TaskRunner {

    @Override
    public String name() {
        return TaskRunnerSpec.CONCURRENT;
    }

    @Override
    public Session open(TaskRunnerSpec spec) {
        return new ConcurrentSession(spec.maxConcurrency());
    }

    private static final class ConcurrentSession extends VirtualThreadSession {

        private final Semaphore permits;

        ConcurrentSession(int maxConcurrency) {
            super("orion-task");
            this.permits = maxConcurrency > 0 ? new Semaphore(maxConcurrency, true) : null;
        }

        @Override
        public void enterBody() throws InterruptedException {
            if (permits != null) {
                permits.acquire();
            }
        }

        @Override
        public void exitBody() {
            if (permits != null) {
                permits.release();
            }
        }
    }
}

package dev.orion.host.engine;

import dev.orion.api.TaskRunner;
import dev.orion.api.TaskRunnerSpec;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The built-in runner {@code "concurrent"}: each task run on its own virtual thread; with a
 * max concurrency, at most that many task bodies run at once (waiting for inputs does not
 * count, so downstream runs cannot starve their upstream). Thread-safe.
 */
final class ConcurrentTaskRunner implements TaskRunner {

    private static final Thread.Builder THREADS = Thread.ofVirtual().name("orion-task");

    @Override
    public String name() {
        return TaskRunnerSpec.CONCURRENT;
    }

    @Override
    public Session open(TaskRunnerSpec spec) {
        return new ConcurrentSession(spec.maxConcurrency());
    }

    private static final class ConcurrentSession implements Session {

        private final Semaphore permits;
        private final Set<Thread> working = ConcurrentHashMap.newKeySet();

        ConcurrentSession(int maxConcurrency) {
            this.permits = maxConcurrency > 0 ? new Semaphore(maxConcurrency, true) : null;
        }

        @Override
        public void submit(Runnable work) {
            THREADS.start(() -> {
                Thread me = Thread.currentThread();
                working.add(me);
                try {
                    work.run();
                } finally {
                    working.remove(me);
                }
            });
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

        @Override
        public void interruptAll() {
            working.forEach(Thread::interrupt);
        }
    }
}

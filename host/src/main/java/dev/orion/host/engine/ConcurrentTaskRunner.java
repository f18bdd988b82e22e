package dev.orion.host.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Runs each task run on its own virtual thread; with a max concurrency, at most that many task
 * bodies run at once (waiting for inputs does not count, so downstream runs cannot starve their
 * upstream). Thread-safe.
 */
final class ConcurrentTaskRunner implements TaskRunner {

    private static final Thread.Builder THREADS = Thread.ofVirtual().name("orion-task");

    private final Semaphore permits;
    private final Set<Thread> working = ConcurrentHashMap.newKeySet();

    ConcurrentTaskRunner(int maxConcurrency) {
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

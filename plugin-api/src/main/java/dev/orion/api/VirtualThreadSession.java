package dev.orion.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * A {@link TaskRunner.Session} that runs each submitted task run on a virtual thread of its own
 * and, when the flow run ends early, interrupts those still working. Runners that differ only in
 * where a task body executes or how many execute at once extend it. Thread-safe.
 */
public abstract class VirtualThreadSession implements TaskRunner.Session {

    private final ThreadFactory threads;
    private final Set<Thread> working = ConcurrentHashMap.newKeySet();

    /** Names this session's threads {@code threadName} (what a thread dump shows). */
    protected VirtualThreadSession(String threadName) {
        this.threads = Thread.ofVirtual().name(threadName).factory(); // a factory, unlike a builder, is thread-safe
    }

    @Override
    public final void submit(Runnable work) {
        threads.newThread(() -> {
            Thread me = Thread.currentThread();
            working.add(me);
            try {
                work.run();
            } finally {
                working.remove(me);
            }
        }).start();
    }

    @Override
    public final void interruptAll() {
        working.forEach(Thread::interrupt);
    }
}

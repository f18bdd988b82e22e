package dev.orion.host.orchestration;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Groups requests that arrive while others are being handled, so that one thread handles all
 * waiting requests at once (group commit): the caller that finds a free place becomes the leader,
 * takes every waiting request and hands them to the handler together; the others wait for their
 * answer, or for a free place if no leader took theirs. At most {@code leaders} batches are
 * handled at a time. A caller alone takes its own request as a batch of one, with no hand-off.
 * Each request is answered only when the handler has answered it. Thread-safe.
 *
 * @param <T> a request
 * @param <R> its answer
 */
final class GroupCommit<T, R> {

    /** Handles a batch: answers every member, each with its own answer or failure. */
    @FunctionalInterface
    interface Handler<T, R> {
        void handle(List<Member<T, R>> batch);
    }

    /** One request waiting in, or taken into, a batch. */
    static final class Member<T, R> {
        private final T request;
        private R answer;
        private RuntimeException failure;
        private volatile boolean done;
        private boolean taken;

        private Member(T request) {
            this.request = request;
        }

        T request() {
            return request;
        }

        boolean answered() {
            return done;
        }

        void answer(R value) {
            answer = value;
            done = true;
        }

        void fail(RuntimeException e) {
            failure = e;
            done = true;
        }

        private R get() {
            if (failure != null) {
                // Thrown on the caller's thread: keep the leader's trace as the cause's trace.
                throw failure;
            }
            return answer;
        }
    }

    private final int leaders;
    private final int maxBatch;
    private final Handler<T, R> handler;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Member<T, R>> waiting = new ArrayDeque<>();
    private int active;

    GroupCommit(int leaders, int maxBatch, Handler<T, R> handler) {
        this.leaders = Math.max(1, leaders);
        this.maxBatch = Math.max(1, maxBatch);
        this.handler = handler;
    }

    /** Submits a request and blocks until its batch answered it. */
    R submit(T request) {
        Member<T, R> me = new Member<>(request);
        lock.lock();
        try {
            waiting.add(me);
            while (!me.done) {
                if (!me.taken && active < leaders) {
                    active++;
                    List<Member<T, R>> batch = takeWaiting();
                    lock.unlock();
                    try {
                        handle(batch);
                    } finally {
                        lock.lock();
                        active--;
                        changed.signalAll();
                    }
                } else {
                    changed.awaitUninterruptibly();
                }
            }
        } finally {
            lock.unlock();
        }
        return me.get();
    }

    /** How many requests wait for a leader to take them. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    private List<Member<T, R>> takeWaiting() {
        List<Member<T, R>> batch = new ArrayList<>(Math.min(waiting.size(), maxBatch));
        while (!waiting.isEmpty() && batch.size() < maxBatch) {
            Member<T, R> m = waiting.poll();
            m.taken = true;
            batch.add(m);
        }
        return batch;
    }

    private void handle(List<Member<T, R>> batch) {
        try {
            handler.handle(batch);
        } catch (RuntimeException | Error e) {
            for (Member<T, R> m : batch) {
                if (!m.done) {
                    m.fail(e instanceof RuntimeException r ? r : new IllegalStateException(e));
                }
            }
            if (e instanceof Error err) {
                throw err;
            }
        }
        for (Member<T, R> m : batch) {
            if (!m.done) {
                m.fail(new IllegalStateException("a batch left a request unanswered"));
            }
        }
    }
}

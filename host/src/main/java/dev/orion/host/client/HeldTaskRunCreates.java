package dev.orion.host.client;

import dev.orion.host.store.RunRow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Task run creates held back for a moment, so that the run's Running proposal, which usually
 * follows at once, can ride on the create request (one round trip instead of two). A held
 * create is sent exactly once, by whoever claims it first: the run's Running proposal (folded),
 * any other call about the run (alone), or a timer after {@link #HOLD} (alone), so a task run
 * that waits for its upstream or for a runner slot still shows on the server within that time.
 * Thread-safe.
 */
final class HeldTaskRunCreates implements AutoCloseable {

    /** How long a create waits for its Running proposal before it is sent on its own. */
    static final Duration HOLD = Duration.ofMillis(20);

    /** One held create. Its phase moves HELD → (PENDING_ANSWERED) → CLAIMED, once. */
    static final class Held {
        static final int HELD = 0;
        static final int PENDING_ANSWERED = 1;
        static final int CLAIMED = 2;

        final RunRow run;
        private final AtomicInteger phase = new AtomicInteger(HELD);
        private final CompletableFuture<Void> sent = new CompletableFuture<>();

        private Held(RunRow run) {
            this.run = run;
        }

        /** Records that the run's Pending proposal was answered from the create still to be sent; false once claimed. */
        boolean answerPending() {
            return phase.compareAndSet(HELD, PENDING_ANSWERED) || phase.get() == PENDING_ANSWERED;
        }

        /** Claims the create for sending: the phase it was in, or -1 when someone else claimed it first. */
        int claim() {
            while (true) {
                int p = phase.get();
                if (p == CLAIMED) {
                    return -1;
                }
                if (phase.compareAndSet(p, CLAIMED)) {
                    return p;
                }
            }
        }

        /** Waits until whoever claimed the create has sent it (or failed to: that failure is thrown here too). */
        void awaitSent() {
            try {
                sent.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    /** Sends a claimed create on its own; told whether the run's Pending proposal was already answered. */
    @FunctionalInterface
    interface Sender {
        void sendAlone(Held held, boolean pendingAnswered);
    }

    private final Map<UUID, Held> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final Sender sender;

    HeldTaskRunCreates(Sender sender) {
        this.sender = sender;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("orion-task-run-creates").daemon().factory());
        t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.timer = t;
    }

    /** Holds the create of {@code run}; the timer sends it after {@link #HOLD} unless claimed before. */
    void hold(RunRow run) {
        held.put(run.id(), new Held(run));
        timer.schedule(() -> {
            try {
                settle(run.id());
            } catch (RuntimeException e) {
                // Kept on the held create's future: the run's next call reports it.
            }
        }, HOLD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The held create of a run, or null when it has been sent. */
    Held find(UUID runId) {
        return held.get(runId);
    }

    /**
     * Sends a claimed create with {@code send} and marks it sent (also when sending failed, which
     * is then rethrown to everyone waiting for it).
     */
    <T> T send(Held h, Supplier<T> send) {
        try {
            T out = send.get();
            h.sent.complete(null);
            return out;
        } catch (RuntimeException e) {
            h.sent.completeExceptionally(e);
            throw e;
        } finally {
            held.remove(h.run.id(), h);
        }
    }

    /** Makes sure the create of {@code runId}, if it was held, has reached the server. */
    void settle(UUID runId) {
        Held h = held.get(runId);
        if (h == null) {
            return;
        }
        int phase = h.claim();
        if (phase < 0) {
            h.awaitSent();
            return;
        }
        send(h, () -> {
            sender.sendAlone(h, phase == Held.PENDING_ANSWERED);
            return null;
        });
    }

    /** Settles every held create matching {@code which}. */
    void settleAll(Predicate<RunRow> which) {
        List<UUID> ids = held.values().stream().filter(h -> which.test(h.run)).map(h -> h.run.id()).toList();
        ids.forEach(this::settle);
    }

    /** Settles every held create, then stops the timer. */
    @Override
    public void close() {
        settleAll(r -> true);
        timer.shutdownNow();
    }
}

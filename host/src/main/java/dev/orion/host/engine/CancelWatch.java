package dev.orion.host.engine;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a running flow run for cancellation: every {@link FlowEngine#cancelPollInterval()} it
 * reads the run's state through the orchestrator (so a cancel made on a server, by another
 * process or through the API is seen), and once the run is Cancelling or Cancelled it calls
 * {@code onCancel} once and stops. Stopped with {@link #stop()}. Thread-safe.
 */
final class CancelWatch {

    private static final Logger LOG = LoggerFactory.getLogger(CancelWatch.class);

    static final CancelWatch NONE = new CancelWatch(null);

    private final Thread thread;

    private CancelWatch(Thread thread) {
        this.thread = thread;
    }

    static CancelWatch start(FlowEngine engine, UUID flowRunId, Runnable onCancel) {
        Duration every = engine.cancelPollInterval();
        if (every.isZero() || every.isNegative()) {
            return NONE;
        }
        Thread t = Thread.ofVirtual().name("orion-cancel-watch-" + flowRunId).start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(every);
                    var run = engine.orchestrator().pollRun(flowRunId, RunKind.FLOW);
                    if (run.isPresent() && run.get().state() != null && (run.get().state().is(StateType.CANCELLING)
                            || run.get().state().is(StateType.CANCELLED))) {
                        onCancel.run();
                        return;
                    }
                }
            } catch (InterruptedException e) {
                // stopped
            } catch (RuntimeException e) {
                // Stopping the watch interrupts it, possibly mid-read: that is no failure.
                if (!Thread.currentThread().isInterrupted() && !(e.getCause() instanceof InterruptedException)) {
                    LOG.warn("could not check flow run {} for cancellation: {}", flowRunId, e.getMessage());
                }
            }
        });
        return new CancelWatch(t);
    }

    void stop() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}

package dev.orion.host.orchestration;

import dev.orion.api.orchestration.StateChange;
import dev.orion.api.orchestration.StateListener;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers state changes to listeners, each on its own virtual thread in write order, so a
 * slow or failing listener affects nobody else. With no listeners it costs nothing.
 * Thread-safe.
 */
final class StateListeners implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateListeners.class);

    private record Delivery(StateListener listener, ExecutorService executor) {
    }

    private final List<Delivery> deliveries;

    StateListeners(List<StateListener> listeners) {
        this.deliveries = listeners.stream()
                .map(l -> new Delivery(l, Executors.newSingleThreadExecutor(
                        Thread.ofVirtual().name("orion-listener-" + l.name()).factory())))
                .toList();
    }

    boolean isEmpty() {
        return deliveries.isEmpty();
    }

    void publish(StateChange change) {
        for (Delivery d : deliveries) {
            if (!d.listener.stateTypes().contains(change.to().type())) {
                continue;
            }
            d.executor.execute(() -> {
                try {
                    d.listener.onStateChange(change);
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("state listener {} failed on run {}: {}", d.listener.name(), change.runId(), e.toString());
                }
            });
        }
    }

    /** Waits (briefly) for queued deliveries, then stops. */
    @Override
    public void close() {
        for (Delivery d : deliveries) {
            d.executor.shutdown();
        }
        for (Delivery d : deliveries) {
            try {
                d.executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

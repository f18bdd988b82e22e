package dev.orion.host.client;

import dev.orion.host.util.RetryWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says once that a client is waiting for its server (at the first failed attempt, with what
 * failed and how long it will keep trying) and once that the server answers again, however
 * many threads and requests wait meanwhile. Thread-safe.
 */
final class ServerWait {

    private static final Logger LOG = LoggerFactory.getLogger(ApiTransport.class);

    private final AtomicReference<Instant> since = new AtomicReference<>();

    /** A request failed and will be retried. */
    void failed(String what, Duration window) {
        if (since.compareAndSet(null, Instant.now())) {
            LOG.warn("the Orion server at {}; retrying for up to {} ({}), carrying on when it answers",
                    what, RetryWindow.describe(window), RetryWindow.VARIABLE);
        }
    }

    /** A request got an answer. */
    void reached() {
        Instant s = since.get();
        if (s != null && since.compareAndSet(s, null)) {
            LOG.warn("the Orion server answers again after {} s; carrying on",
                    Duration.between(s, Instant.now()).toSeconds());
        }
    }
}

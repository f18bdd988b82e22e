package dev.orion.host.store;

import java.time.Instant;

/**
 * A worker seen on a work queue.
 *
 * @param name          the worker's name
 * @param lastPolled    when it last asked the queue for runs
 * @param lastHeartbeat when a run it executes last heartbeated; null if none did yet
 */
public record WorkerSeen(String name, Instant lastPolled, Instant lastHeartbeat) {
}

package dev.orion.host.server;

import dev.orion.host.store.HeartbeatStore;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps a worker whose claim on a flow run no longer holds from writing to it: a worker
 * declared dead (no heartbeat for {@code ORION_HEARTBEAT_TIMEOUT}) that is alive after all must
 * not record states over those of the worker that executes the run now. Workers name themselves
 * in the {@value #HEADER} header (and in their heartbeats); requests without it are not fenced.
 */
public final class WorkerFence {

    /** The request header a worker names itself in. */
    public static final String HEADER = "X-Orion-Worker";

    private WorkerFence() {
    }

    /** Why {@code worker} may not write to the flow run, or empty when it may (or names no worker, or none claimed the run). */
    public static Optional<String> refusal(ServerContext ctx, UUID flowRunId, String worker) {
        if (worker == null || worker.isBlank()) {
            return Optional.empty();
        }
        Optional<String> owner = ctx.heartbeats().claimedBy(flowRunId);
        if (owner.isEmpty() || owner.get().equals(worker)) {
            return Optional.empty();
        }
        String since = owner.get().equals(HeartbeatStore.REVOKED)
                ? "was declared Crashed (its heartbeats stopped)"
                : "was claimed by worker " + owner.get() + " since";
        return Optional.of("flow run " + flowRunId + " " + since + "; worker " + worker + " must stop executing it");
    }
}

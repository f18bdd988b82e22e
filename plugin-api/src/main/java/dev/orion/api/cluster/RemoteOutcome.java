package dev.orion.api.cluster;

import java.util.Objects;

/**
 * What became of a {@link RemoteTaskRun} handed to another process.
 *
 * @param kind   {@link Kind#ENDED}: that process drove it to an end state (read it from the
 *               orchestrator); {@link Kind#LOST}: the process went away while it had the run;
 *               {@link Kind#REFUSED}: no process would take it
 * @param member the process that had it (its member name), or null
 * @param reason why it was lost or refused; null when it ended
 */
public record RemoteOutcome(Kind kind, String member, String reason) {

    /** How a hand-off ended. */
    public enum Kind { ENDED, LOST, REFUSED }

    public RemoteOutcome {
        Objects.requireNonNull(kind, "kind");
    }

    public static RemoteOutcome ended(String member) {
        return new RemoteOutcome(Kind.ENDED, member, null);
    }

    public static RemoteOutcome lost(String member, String reason) {
        return new RemoteOutcome(Kind.LOST, member, reason);
    }

    public static RemoteOutcome refused(String reason) {
        return new RemoteOutcome(Kind.REFUSED, null, reason);
    }
}

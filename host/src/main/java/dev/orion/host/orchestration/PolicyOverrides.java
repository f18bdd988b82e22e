package dev.orion.host.orchestration;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orion.api.OrionException;
import dev.orion.api.orchestration.RulePosition;
import dev.orion.host.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A user's changes to the policies, from {@code $ORION_HOME/policy.json}:
 * <pre>
 * {
 *   "disabled": ["WaitForScheduledTime"],
 *   "moves": [ {"rule": "RenameReruns", "before": "RetryFailedTasks"},
 *              {"rule": "circuit-breaker", "position": "first"} ]
 * }
 * </pre>
 * A disabled rule is left out of every policy it was in; a moved rule is taken out and put
 * back at the new position. Immutable.
 *
 * @param disabled names of rules to leave out
 * @param moves    rules to put elsewhere
 */
public record PolicyOverrides(List<String> disabled, List<Move> moves) {

    /** No changes. */
    public static final PolicyOverrides NONE = new PolicyOverrides(List.of(), List.of());

    /**
     * One move: the rule and exactly one of {@code before}, {@code after} or {@code position}
     * ({@code first} or {@code last}).
     */
    public record Move(String rule, String before, String after, String position) {

        /** The new position, or an error naming the rule and what is wrong. */
        public RulePosition toPosition() {
            int given = (before != null ? 1 : 0) + (after != null ? 1 : 0) + (position != null ? 1 : 0);
            if (rule == null || given != 1) {
                throw new OrionException("a move in policy.json needs \"rule\" and exactly one of \"before\", "
                        + "\"after\" or \"position\": " + this);
            }
            if (before != null) {
                return RulePosition.before(before);
            }
            if (after != null) {
                return RulePosition.after(after);
            }
            return switch (position) {
                case "first" -> RulePosition.first();
                case "last" -> RulePosition.last();
                default -> throw new OrionException("\"position\" of rule " + rule
                        + " in policy.json must be \"first\" or \"last\", got \"" + position + "\"");
            };
        }
    }

    public PolicyOverrides(@JsonProperty("disabled") List<String> disabled, @JsonProperty("moves") List<Move> moves) {
        this.disabled = disabled == null ? List.of() : List.copyOf(disabled);
        this.moves = moves == null ? List.of() : List.copyOf(moves);
    }

    /** Reads the file; a missing file means no changes. */
    public static PolicyOverrides load(Path file) {
        try {
            String json = Files.readString(file);
            PolicyOverrides overrides = Json.read(json, PolicyOverrides.class);
            overrides.moves.forEach(Move::toPosition);
            return overrides;
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (IOException e) {
            throw new OrionException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (OrionException e) {
            throw new OrionException(file + ": " + e.getMessage() + "; fix or remove the file", e);
        }
    }
}

package dev.orion.host.testing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.host.orchestration.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One case of a rule test written as JSON ({@code orion rules test RULE --cases CASES.json}):
 * a proposal and the decision expected of the policy with the rule in its place.
 *
 * <pre>{@code
 * {"name": "waits outside business hours", "kind": "flow", "from": "SCHEDULED", "to": "PENDING",
 *  "tags": ["business-hours"], "at": "2026-12-05T20:00:00Z",
 *  "expect": {"status": "WAIT", "rule": "BusinessHours", "reason": "outside business hours"}}
 * }</pre>
 *
 * States are a type, optionally with a name ({@code "SCHEDULED/AwaitingRetry"}); {@code from}
 * null or absent is a new run. Unset expectations are not checked. Immutable.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record RuleCase(
        @JsonProperty("name") String name,
        @JsonProperty("kind") String kind,
        @JsonProperty("from") String from,
        @JsonProperty("to") String to,
        @JsonProperty("runCount") Integer runCount,
        @JsonProperty("retries") Integer retries,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("cacheKey") String cacheKey,
        @JsonProperty("flow") String flow,
        @JsonProperty("scheduledInSeconds") Double scheduledInSeconds,
        @JsonProperty("flowHistory") List<String> flowHistory,
        @JsonProperty("at") Instant at,
        @JsonProperty("expect") Expected expect) {

    /**
     * What the case expects.
     *
     * @param status       ACCEPT, REJECT, WAIT or ABORT
     * @param state        the resulting state's type, optionally with its name
     * @param rule         the deciding rule's name; {@code "none"} when no rule may intervene
     * @param reason       a fragment of the reason
     * @param delaySeconds for WAIT, the delay (within a second)
     */
    public record Expected(@JsonProperty("status") String status, @JsonProperty("state") String state,
                           @JsonProperty("rule") String rule, @JsonProperty("reason") String reason,
                           @JsonProperty("delaySeconds") Double delaySeconds) {
    }

    /** The case's name, or its transition when it has none. */
    public String label() {
        return name != null ? name : (from == null ? "NONE" : from) + " → " + to;
    }

    /** The proposal the case describes. */
    public TransitionSpec toSpec() {
        if (to == null) {
            throw new OrionException("case '" + label() + "' has no \"to\" state; add e.g. \"to\": \"PENDING\"");
        }
        RunKind runKind = kind == null ? RunKind.FLOW : switch (kind.toLowerCase(Locale.ROOT)) {
            case "flow" -> RunKind.FLOW;
            case "task" -> RunKind.TASK;
            default -> throw new OrionException("case '" + label() + "': kind '" + kind + "' is not flow or task");
        };
        TransitionSpec.Builder b = TransitionSpec.aTransition(runKind);
        if (at != null) {
            b.at(at);
        }
        b.to(state(to, null));
        if (from != null) {
            b.from(state(from, b.now().minusSeconds(1)));
        }
        if (scheduledInSeconds != null) {
            b.scheduledIn(Duration.ofMillis(Math.round(scheduledInSeconds * 1000)));
        }
        if (runCount != null) {
            b.withRunCount(runCount);
        }
        if (retries != null) {
            b.withRetries(retries);
        }
        if (tags != null) {
            b.withTags(tags.toArray(String[]::new));
        }
        if (cacheKey != null) {
            b.withCacheKey(cacheKey);
        }
        if (flow != null) {
            b.inFlow(flow);
        }
        if (flowHistory != null) {
            List<State> states = new ArrayList<>();
            for (int i = 0; i < flowHistory.size(); i++) {
                states.add(state(flowHistory.get(i), b.now().minusSeconds(60L * (i + 1))));
            }
            b.afterFlowRunsEnded(states.toArray(State[]::new));
        }
        return b.build();
    }

    /** Why the verdict is not what the case expects; empty when it is. */
    public List<String> mismatches(Verdict v) {
        List<String> out = new ArrayList<>();
        if (expect == null) {
            return out;
        }
        if (expect.status() != null && !expect.status().equalsIgnoreCase(v.status().name())) {
            out.add("status " + expect.status().toUpperCase(Locale.ROOT) + " expected, got " + v.status());
        }
        if (expect.state() != null) {
            State expected = state(expect.state(), null);
            boolean named = expect.state().contains("/");
            if (v.state() == null || v.state().type() != expected.type()
                    || (named && !v.state().name().equals(expected.name()))) {
                out.add("state " + expect.state() + " expected, got "
                        + (v.state() == null ? "none" : v.state().type() + "/" + v.state().name()));
            }
        }
        if (expect.rule() != null) {
            String actual = v.rule() == null ? "none" : v.rule();
            if (!expect.rule().equals(actual)) {
                out.add("rule " + expect.rule() + " expected, got " + actual);
            }
        }
        if (expect.reason() != null && (v.reason() == null || !v.reason().contains(expect.reason()))) {
            out.add("a reason containing '" + expect.reason() + "' expected, got " + (v.reason() == null ? "none"
                    : "'" + v.reason() + "'"));
        }
        if (expect.delaySeconds() != null
                && (v.delaySeconds() == null || Math.abs(v.delaySeconds() - expect.delaySeconds()) > 1)) {
            out.add("a delay of " + expect.delaySeconds() + " s expected, got "
                    + (v.delaySeconds() == null ? "none" : v.delaySeconds() + " s"));
        }
        return out;
    }

    private State state(String text, Instant timestamp) {
        String[] parts = text.split("/", 2);
        StateType type;
        try {
            type = StateType.valueOf(parts[0].trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OrionException("case '" + label() + "': '" + parts[0] + "' is not a state type; use one of "
                    + Arrays.toString(StateType.values()));
        }
        State s = parts.length == 2 ? State.of(type, parts[1].trim()) : State.of(type);
        return timestamp == null ? s : s.withTimestamp(timestamp);
    }
}

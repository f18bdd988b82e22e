package dev.orion.api;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * An immutable state of a flow run or task run: a {@link StateType} plus a display name
 * ({@code Late} and {@code AwaitingRetry} are SCHEDULED, {@code Retrying} is RUNNING,
 * {@code Cached} is COMPLETED, {@code TimedOut} is FAILED), when it was entered, a message,
 * {@link StateDetails} and an optional reference to a stored result.
 *
 * <p>The static factories build the named states Prefect 2 uses, stamped with the current time.
 *
 * @param type      the kind of state
 * @param name      the display name; defaults to the type's name in title case
 * @param timestamp when the state was entered
 * @param message   a human-readable reason; may be null
 * @param details   details; never null ({@link StateDetails#EMPTY})
 * @param resultRef where the run's result is stored; null when there is none
 */
public record State(
        StateType type,
        String name,
        Instant timestamp,
        String message,
        StateDetails details,
        String resultRef) {

    public State {
        Objects.requireNonNull(type, "type");
        name = name == null || name.isBlank() ? defaultName(type) : name;
        timestamp = timestamp == null ? Instant.now() : timestamp;
        details = details == null ? StateDetails.EMPTY : details;
    }

    /** A state of the given type with its default name and the current time. */
    public static State of(StateType type) {
        return new State(type, null, null, null, null, null);
    }

    /** A state of the given type and name with the current time. */
    public static State of(StateType type, String name) {
        return new State(type, name, null, null, null, null);
    }

    /** The name a state of this type has when none is given: {@code RUNNING} is "Running". */
    public static String defaultName(StateType type) {
        String n = type.name();
        return n.charAt(0) + n.substring(1).toLowerCase(Locale.ROOT);
    }

    // ---- Prefect 2's named states -------------------------------------------------------

    public static State scheduled(Instant scheduledTime) {
        return of(StateType.SCHEDULED).withDetails(StateDetails.EMPTY.withScheduledTime(scheduledTime));
    }

    public static State late(Instant scheduledTime) {
        return scheduled(scheduledTime).withName("Late");
    }

    public static State awaitingRetry(Instant scheduledTime) {
        return scheduled(scheduledTime).withName("AwaitingRetry");
    }

    public static State pending() {
        return of(StateType.PENDING);
    }

    public static State awaitingConcurrencySlot(String message) {
        return of(StateType.PENDING, "AwaitingConcurrencySlot").withMessage(message);
    }

    public static State running() {
        return of(StateType.RUNNING);
    }

    public static State retrying() {
        return of(StateType.RUNNING, "Retrying");
    }

    public static State completed() {
        return of(StateType.COMPLETED);
    }

    public static State cached(Instant expiration) {
        return of(StateType.COMPLETED, "Cached").withDetails(StateDetails.EMPTY.withCache(null, expiration));
    }

    public static State failed(String message) {
        return of(StateType.FAILED).withMessage(message);
    }

    public static State timedOut(String message) {
        return of(StateType.FAILED, "TimedOut").withMessage(message);
    }

    public static State crashed(String message) {
        return of(StateType.CRASHED).withMessage(message);
    }

    public static State cancelled(String message) {
        return of(StateType.CANCELLED).withMessage(message);
    }

    public static State cancelling(String message) {
        return of(StateType.CANCELLING).withMessage(message);
    }

    public static State paused(Instant timeout) {
        return of(StateType.PAUSED).withDetails(StateDetails.EMPTY.withPause(timeout, false, null));
    }

    // ---- copies with one thing changed ----------------------------------------------------

    public State withName(String value) {
        return new State(type, value, timestamp, message, details, resultRef);
    }

    public State withTimestamp(Instant value) {
        return new State(type, name, value, message, details, resultRef);
    }

    public State withMessage(String value) {
        return new State(type, name, timestamp, value, details, resultRef);
    }

    public State withDetails(StateDetails value) {
        return new State(type, name, timestamp, message, value, resultRef);
    }

    public State withResultRef(String value) {
        return new State(type, name, timestamp, message, details, value);
    }

    /** A copy carrying the given transition id, so that a retried proposal is recognised. */
    public State withTransitionId(UUID id) {
        return withDetails(details.withTransitionId(id));
    }

    // ---- questions ------------------------------------------------------------------------

    public boolean is(StateType t) {
        return type == t;
    }

    public boolean isTerminal() {
        return type.isTerminal();
    }

    /** "Running", or "Retrying (RUNNING)" when the name differs from the type. */
    public String label() {
        return name.equals(defaultName(type)) ? name : name + " (" + type + ")";
    }
}

package dev.orion.api.orchestration;

/**
 * What the orchestrator decided about a proposed state.
 * <ul>
 *   <li>{@code ACCEPT}: the proposed state was written.</li>
 *   <li>{@code REJECT}: another state was written instead (or the current one kept); adopt it.</li>
 *   <li>{@code WAIT}: nothing was written; propose again after the delay.</li>
 *   <li>{@code ABORT}: nothing was written; stop the run's attempt.</li>
 * </ul>
 */
public enum ResultStatus {
    ACCEPT, REJECT, WAIT, ABORT
}

package dev.orion.host.store;

import java.time.Instant;
import java.util.UUID;

/** A flow: the name its runs are grouped under. */
public record FlowRecord(UUID id, String name, Instant created) {
}

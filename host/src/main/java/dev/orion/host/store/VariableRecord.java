package dev.orion.host.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A variable: a named string value flows read at run time, with tags. */
public record VariableRecord(UUID id, String name, String value, List<String> tags, Instant created, Instant updated) {

    public VariableRecord {
        tags = List.copyOf(tags);
    }
}

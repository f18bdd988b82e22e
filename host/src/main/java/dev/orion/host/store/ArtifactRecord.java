package dev.orion.host.store;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An artifact a run published (Prefect 2's): its optional key (a key's versions are the artifacts
 * that share it), its type ({@code markdown}, {@code table}...), a description, its data (a JSON
 * value: the markdown text, or a table as a JSON string as Prefect's client stores it), string
 * metadata and the runs it came from.
 */
public record ArtifactRecord(UUID id, String key, String type, String description, Object data,
                             Map<String, String> metadata, UUID flowRunId, UUID taskRunId, Instant created,
                             Instant updated) {
}

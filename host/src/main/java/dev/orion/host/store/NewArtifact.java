package dev.orion.host.store;

import java.util.Map;
import java.util.UUID;

/** What a new artifact holds; everything may be null. See {@link ArtifactRecord}. */
public record NewArtifact(String key, String type, String description, Object data, Map<String, String> metadata,
                          UUID flowRunId, UUID taskRunId) {
}

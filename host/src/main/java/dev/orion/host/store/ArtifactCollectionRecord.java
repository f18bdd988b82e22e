package dev.orion.host.store;

import java.time.Instant;
import java.util.UUID;

/** A key's entry in Prefect's {@code artifact_collection}: its latest version, with the entry's own id and times. */
public record ArtifactCollectionRecord(UUID id, ArtifactRecord latest, Instant created, Instant updated) {
}

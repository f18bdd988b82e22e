package dev.orion.host.artifacts;

import dev.orion.api.OrionException;
import dev.orion.host.store.ArtifactCollectionRecord;
import dev.orion.host.store.ArtifactRecord;
import dev.orion.host.store.ArtifactStore;
import dev.orion.host.store.Database;
import dev.orion.host.store.NewArtifact;
import java.util.List;
import java.util.Optional;

/**
 * The artifacts runs publish and commands read: those of the local store (embedded), or of the
 * server at {@code ORION_API_URL} through {@code /api/artifacts} ({@code client.RemoteArtifacts}),
 * so both behave alike.
 * Keys are checked by {@link ArtifactRules} before anything is stored. Implementations are
 * thread-safe.
 */
public interface Artifacts {

    /** How many artifacts one page of a listing holds, from the store and through the API. */
    int PAGE = 200;

    /** No artifacts: reads find nothing and creates are refused (an engine with no store). */
    Artifacts NONE = new Artifacts() {
        @Override
        public ArtifactRecord create(NewArtifact artifact) {
            throw new OrionException("this engine has no store for artifacts; run with Orion.local()");
        }

        @Override
        public Optional<ArtifactRecord> latest(String key) {
            return Optional.empty();
        }

        @Override
        public List<ArtifactCollectionRecord> latestOfEachKey() {
            return List.of();
        }

        @Override
        public List<ArtifactRecord> versions(String key) {
            return List.of();
        }
    };

    /** Stores the artifact; with a key it becomes the key's latest version. */
    ArtifactRecord create(NewArtifact artifact);

    /** The key's latest version, if it has one. */
    Optional<ArtifactRecord> latest(String key);

    /** The latest version of every key, by key. */
    List<ArtifactCollectionRecord> latestOfEachKey();

    /** The key's versions, newest first (at most a few hundred). */
    List<ArtifactRecord> versions(String key);

    /** The artifacts of the local store. */
    static Artifacts of(Database db) {
        return new StoreArtifacts(new ArtifactStore(db));
    }
}

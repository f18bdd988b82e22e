package dev.orion.host.artifacts;

import dev.orion.host.OrionSettings;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.store.ArtifactCollectionRecord;
import dev.orion.host.store.ArtifactRecord;
import dev.orion.host.store.ArtifactStore;
import dev.orion.host.store.Database;
import dev.orion.host.store.NewArtifact;
import java.util.List;
import java.util.Optional;

/**
 * The artifacts runs publish and commands read: those of the local store (embedded), or of the
 * server at {@code ORION_API_URL} through {@code /api/artifacts} (remote), so both behave alike.
 * Keys are checked by {@link ArtifactRules} before anything is stored. Implementations are
 * thread-safe.
 */
public interface Artifacts {

    /** No artifacts: reads find nothing and creates are refused (an engine with no store). */
    Artifacts NONE = new Artifacts() {
        @Override
        public ArtifactRecord create(NewArtifact artifact) {
            throw new dev.orion.api.OrionException("this engine has no store for artifacts; run with Orion.local()");
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

    /** The artifacts of the server the API transport talks to. */
    static Artifacts remote(ApiTransport api) {
        return new RemoteArtifacts(api);
    }

    /** The server's when the settings name one, else the database's. */
    static Artifacts forSettings(OrionSettings settings, Database db) {
        return settings.apiUrl().isPresent()
                ? remote(new ApiTransport(settings.apiUrl().get(), settings.apiKey()))
                : of(db);
    }
}
